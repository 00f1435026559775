using System.Globalization;
using System.Text;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Calibration;

/// <summary>The outcome of <see cref="BundleCalibrator.Calibrate"/>.</summary>
/// <param name="Bundle">The bundle with <c>calibration.json</c> and calibration metrics added.</param>
/// <param name="Calibration">The fitted calibration.</param>
/// <param name="Test">Coverage, ECE and reliability on the test part (after the calibration window).</param>
/// <param name="CalibrationSamples">Samples the calibration was fit on.</param>
/// <param name="CalibrationStart">Open time of the first calibration sample's last bar.</param>
/// <param name="CalibrationEnd">Open time of the last calibration sample's last bar.</param>
/// <param name="TestStart">Open time of the first test sample's last bar.</param>
/// <param name="TestEnd">Open time of the last test sample's last bar.</param>
public sealed record BundleCalibrationResult(
    ModelBundle Bundle,
    ForecastCalibration Calibration,
    IReadOnlyList<HorizonCalibrationReport> Test,
    int CalibrationSamples,
    DateTime CalibrationStart,
    DateTime CalibrationEnd,
    DateTime TestStart,
    DateTime TestEnd);

/// <summary>
/// Fits a bundle's calibration on data after its training window and measures it on later held-out data:
/// out-of-sample samples are split in time into a calibration part and, after a purge gap, a test part.
/// Runs the bundle's ONNX graph (no libtorch).
/// </summary>
public static class BundleCalibrator
{
    /// <summary>Calibrates <paramref name="bundle"/> on <paramref name="candles"/>.</summary>
    /// <param name="bundle">A bundle with an ONNX graph.</param>
    /// <param name="candles">Candles covering (at least) the time after the bundle's training window.</param>
    /// <param name="calibrationFraction">Share of the out-of-sample samples used to fit (default 0.5); the rest tests.</param>
    /// <param name="levels">Interval coverages; 80/90/95 % by default.</param>
    /// <exception cref="InsufficientDataException">Too few samples after the training window.</exception>
    /// <exception cref="IntervalMismatchException">The candles are bars of another interval than the bundle's.</exception>
    public static BundleCalibrationResult Calibrate(ModelBundle bundle, IReadOnlyList<Candle> candles, double calibrationFraction = 0.5, IReadOnlyList<double>? levels = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(candles);
        Validation.IntervalDetector.EnsureMatches(bundle.FeatureSpec.Interval, candles, null, $"the {bundle.Manifest.Symbol} {bundle.Manifest.ModelType} model");
        using var model = LoadedModel.FromBundle(bundle);
        var dataset = SupervisedDataset.Build(candles, bundle.FeatureSpec).Scale(bundle.Scaler);

        // Only windows that start after the last bar a training target reached are out of sample.
        DateTime trainEnd = bundle.Manifest.Training.End;
        var step = bundle.FeatureSpec.Interval.Duration;
        int first = 0;
        while (first < dataset.Count && dataset.Timestamp(first) - (step * (dataset.WindowLength - 1)) <= trainEnd)
        {
            first++;
        }

        var outOfSample = dataset.Slice(first, dataset.Count - first);
        if (outOfSample.Count < 100)
        {
            throw new InsufficientDataException(FormattableString.Invariant($"Calibration after the training window (ending {trainEnd:O})"), 100, outOfSample.Count);
        }

        var (fit, test) = outOfSample.SplitChronologically(calibrationFraction);
        var (fitForecasts, fitOutcomes) = Run(model, fit);
        var calibration = ForecastCalibration.Fit(bundle.Manifest.Horizons, fitForecasts, fitOutcomes, levels) with
        {
            WindowStart = fit.Timestamp(0),
            WindowEnd = fit.Timestamp(fit.Count - 1),
        };
        var (testForecasts, testOutcomes) = Run(model, test);
        var report = CalibrationReport.Measure(calibration, testForecasts, testOutcomes);

        var metrics = new Dictionary<string, double>(bundle.Manifest.Metrics);
        foreach (var r in report)
        {
            string h = "calibration.h" + r.Horizon.ToString(CultureInfo.InvariantCulture);
            if (r.Coverage.TryGetValue(0.9, out double c))
            {
                metrics[h + ".coverage90"] = c;
            }

            metrics[h + ".ece"] = r.Ece;
            metrics[h + ".rawEce"] = r.RawEce;
        }

        var updated = bundle
            .WithEntry(ModelBundle.CalibrationEntry, Encoding.UTF8.GetBytes(calibration.ToJson()), "split-conformal intervals and isotonic direction calibration")
            .WithManifest(bundle.Manifest with { Metrics = metrics });
        return new BundleCalibrationResult(updated, calibration, report, fit.Count, fit.Timestamp(0), fit.Timestamp(fit.Count - 1), test.Timestamp(0), test.Timestamp(test.Count - 1));
    }

    /// <summary>Runs the model on every (scaled) sample of <paramref name="data"/> and returns n × horizons forecasts and realised log returns.</summary>
    public static (HorizonForecast[] Forecasts, double[] Outcomes) Run(LoadedModel model, SupervisedDataset data)
    {
        int h = data.Horizons.Count;
        int size = data.WindowLength * data.FeatureCount;
        var forecasts = new HorizonForecast[data.Count * h];
        var outcomes = new double[data.Count * h];
        const int chunk = 512;
        var windows = new float[chunk * size];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int count = Math.Min(chunk, data.Count - start);
            data.CopyWindows(start, count, windows.AsSpan(0, count * size));
            model.Forecaster.ForecastBatch(windows.AsSpan(0, count * size), count, forecasts.AsSpan(start * h, count * h));
        }

        for (int i = 0; i < data.Count; i++)
        {
            for (int j = 0; j < h; j++)
            {
                outcomes[(i * h) + j] = data.Target(i, j);
            }
        }

        return (forecasts, outcomes);
    }
}
