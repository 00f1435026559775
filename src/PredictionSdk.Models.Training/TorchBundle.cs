using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Training.Networks;

namespace PredictionSdk.Models.Training;

/// <summary>Rebuilds the TorchSharp network stored in a <c>.psdk</c> bundle.</summary>
public static class TorchBundle
{
    /// <summary>Loads a bundle file and its TorchSharp weights as an eager forecaster.</summary>
    /// <exception cref="ModelLoadException">The bundle is missing, corrupted, of another format version, or its weights do not fit its manifest.</exception>
    public static TorchForecaster LoadForecaster(string path) => CreateForecaster(ModelBundle.Load(path), path);

    /// <summary>Creates an eager forecaster from a loaded bundle's weights. The caller disposes it.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="source">Name of the bundle in error messages.</param>
    /// <exception cref="ModelLoadException">The bundle has no usable weights.</exception>
    public static TorchForecaster CreateForecaster(this ModelBundle bundle, string source = "bundle")
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var manifest = bundle.Manifest;
        byte[] weights = bundle.GetEntry(ModelBundle.WeightsEntry)
            ?? throw new ModelLoadException(source, $"it has no {ModelBundle.WeightsEntry} (TorchSharp weights).");
        if (manifest.TargetScale is null)
        {
            throw new ModelLoadException(source, "the manifest has no targetScale.");
        }

        ModelOptions options;
        try
        {
            options = ModelOptionsJson.FromJson(manifest.ModelType, manifest.ModelOptions);
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or NotSupportedException)
        {
            throw new ModelLoadException(source, $"the model options are invalid: {ex.Message}", ex);
        }

        var network = new ForecastNetwork(options, manifest.WindowLength, manifest.FeatureNames.Count, manifest.TargetScale);
        try
        {
            using var stream = new MemoryStream(weights, writable: false);
            network.load(stream);
            network.eval();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or System.Runtime.InteropServices.ExternalException or EndOfStreamException)
        {
            network.Dispose();
            throw new ModelLoadException(source, $"{ModelBundle.WeightsEntry} does not match a {manifest.ModelType} network with these options: {ex.Message}", ex);
        }

        return new TorchForecaster(network, manifest.ModelType, manifest.WindowLength, manifest.FeatureNames.Count, manifest.Horizons, ownsNetwork: true);
    }
}
