using System.Text;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Calibration;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Onnx;

namespace PredictionSdk.Models;

/// <summary>
/// A bundle made ready to serve: its ONNX session, its feature spec and scaler, and its calibration.
/// Everything comes from the bundle; nothing is re-fit.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(ModelBundle bundle, OnnxForecaster forecaster, ForecastCalibration? calibration, string version)
    {
        Bundle = bundle;
        Forecaster = forecaster;
        Calibration = calibration;
        Version = version;
    }

    /// <summary>The bundle.</summary>
    public ModelBundle Bundle { get; }

    /// <summary>The ONNX Runtime forecaster.</summary>
    public OnnxForecaster Forecaster { get; }

    /// <summary>Calibration from the bundle, or null when it has none (then raw model outputs are reported).</summary>
    public ForecastCalibration? Calibration { get; }

    /// <summary>Model type, first 12 hex digits of the SHA-256 of the ONNX graph, and creation date.</summary>
    public string Version { get; }

    /// <summary>The feature spec.</summary>
    public FeatureSpec Spec => Bundle.FeatureSpec;

    /// <summary>The scaler (of the first pool symbol in a pooled model; see <see cref="ScalerFor"/>).</summary>
    public RobustScaler Scaler => Bundle.Scaler;

    /// <summary>
    /// The scaler for <paramref name="symbol"/>'s features: its own in a pooled model, <see cref="Scaler"/> otherwise
    /// and for a symbol outside the pool (a caller that serves one explicitly has mapped it).
    /// </summary>
    public RobustScaler ScalerFor(Symbol symbol) => Bundle.TryGetScaler(symbol, out var scaler) ? scaler : Scaler;

    /// <summary>Loads a <c>.psdk</c> bundle for ONNX Runtime inference.</summary>
    /// <exception cref="ModelLoadException">The bundle is missing, truncated, corrupted, of an unknown format, has no ONNX graph, or its parts disagree.</exception>
    public static LoadedModel Load(string path, OnnxForecasterOptions? options = null) => FromBundle(ModelBundle.Load(path), path, options);

    /// <summary>Prepares a loaded bundle for inference.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="source">Name of the bundle in error messages.</param>
    /// <param name="options">Session settings.</param>
    /// <exception cref="ModelLoadException">The bundle has no ONNX graph, or its parts disagree.</exception>
    public static LoadedModel FromBundle(ModelBundle bundle, string source = "bundle", OnnxForecasterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var manifest = bundle.Manifest;
        byte[] onnx = bundle.GetEntry(ModelBundle.OnnxEntry)
            ?? throw new ModelLoadException(source, $"it has no {ModelBundle.OnnxEntry}; export the trained network to ONNX before serving it.");

        // The pipeline this library builds from the spec must emit exactly the features the model was trained on.
        FeaturePipeline pipeline;
        try
        {
            pipeline = new FeaturePipeline(bundle.FeatureSpec);
        }
        catch (UnknownFeatureException ex)
        {
            throw new ModelLoadException(source, $"it uses custom feature '{ex.Name}', which is not registered in this process: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ModelLoadException(source, $"feature spec mismatch: this library cannot compute the bundle's feature spec ({ex.Message}).", ex);
        }

        if (!pipeline.FeatureNames.SequenceEqual(manifest.FeatureNames, StringComparer.Ordinal))
        {
            string first = pipeline.FeatureNames.Zip(manifest.FeatureNames).Select((p, i) => (p, i)).FirstOrDefault(t => t.p.First != t.p.Second) is var d && d.p.First is not null
                ? $"column {d.i} is '{d.p.Second}' in the bundle but '{d.p.First}' here"
                : $"the bundle has {manifest.FeatureNames.Count} features, this library computes {pipeline.FeatureCount}";
            throw new ModelLoadException(source, $"feature spec mismatch: {first}.");
        }

        ForecastCalibration? calibration = null;
        if (bundle.GetEntry(ModelBundle.CalibrationEntry) is { } calibrationBytes)
        {
            try
            {
                calibration = ForecastCalibration.FromJson(Encoding.UTF8.GetString(calibrationBytes));
            }
            catch (ArgumentException ex)
            {
                throw new ModelLoadException(source, $"{ModelBundle.CalibrationEntry} is invalid: {ex.Message}", ex);
            }

            if (!calibration.Horizons.Select(h => h.Horizon).SequenceEqual(manifest.Horizons))
            {
                throw new ModelLoadException(source, $"{ModelBundle.CalibrationEntry} covers horizons {string.Join(",", calibration.Horizons.Select(h => h.Horizon))} but the model predicts {string.Join(",", manifest.Horizons)}.");
            }
        }

        OnnxForecaster forecaster;
        try
        {
            forecaster = new OnnxForecaster(onnx, manifest.WindowLength, manifest.FeatureNames.Count, manifest.Horizons, options);
        }
        catch (ModelLoadException ex)
        {
            throw new ModelLoadException(source, ex.Message, ex);
        }

        return new LoadedModel(bundle, forecaster, calibration, bundle.Version);
    }

    /// <summary>
    /// The ensemble weight of this model: its validation (or holdout) directional accuracy above chance, from the
    /// manifest's metrics; 1 when the bundle records none.
    /// </summary>
    public double ValidationWeight()
    {
        var metrics = Bundle.Manifest.Metrics;
        foreach (var (key, value) in metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key.Contains("directionalaccuracy", StringComparison.OrdinalIgnoreCase) && double.IsFinite(value))
            {
                return Math.Max(0.01, value - 0.5);
            }
        }

        return 1.0;
    }

    /// <inheritdoc />
    public void Dispose() => Forecaster.Dispose();
}
