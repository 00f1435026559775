using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PredictionSdk.Validation;

namespace PredictionSdk.Models.Bundles;

/// <summary>
/// The <c>manifest.json</c> of a <c>.psdk</c> bundle: what the model predicts, from which inputs, how it was trained
/// and how well it did. Everything needed to compute the model's inputs is here; nothing is re-fit at load.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>Bundle format version (see <see cref="ModelBundle.CurrentFormatVersion"/>).</summary>
    public int FormatVersion { get; init; } = ModelBundle.CurrentFormatVersion;

    /// <summary>The symbol the model was trained on, e.g. <c>BTC-USD</c>.</summary>
    public required string Symbol { get; init; }

    /// <summary>The bar interval, e.g. <c>1m</c>.</summary>
    public required string Interval { get; init; }

    /// <summary>Forecast horizons in bars, in the model's output order.</summary>
    public required IReadOnlyList<int> Horizons { get; init; }

    /// <summary>The network type.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ModelType>))]
    public required ModelType ModelType { get; init; }

    /// <summary>The network's settings (layer sizes, dropout, optimiser), as written by the trainer.</summary>
    public JsonObject? ModelOptions { get; init; }

    /// <summary>Feature rows per input window.</summary>
    public required int WindowLength { get; init; }

    /// <summary>Feature names, in input column order.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>The feature spec (<c>FeatureSpec.ToJson()</c>).</summary>
    public required JsonObject FeatureSpec { get; init; }

    /// <summary>The scaler fit on the training window (<c>RobustScaler.ToJson()</c>).</summary>
    public required JsonObject Scaler { get; init; }

    /// <summary>Per-horizon scale of the return targets used in training (the network already multiplies its quantiles by it).</summary>
    public IReadOnlyList<float>? TargetScale { get; init; }

    /// <summary>The data the model was fit on.</summary>
    public required TrainingWindow Training { get; init; }

    /// <summary>Headline metrics (e.g. <c>h1.directionalAccuracy</c>), out of sample.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// What validation repaired, dropped and flagged in the training candles (<c>dataQuality</c>: policy, counts
    /// per rule, the first problems). Null in bundles trained without validation or written before it was recorded.
    /// </summary>
    public CandleCheckSummary? DataQuality { get; init; }

    /// <summary>Seed of the training run.</summary>
    public int Seed { get; init; }

    /// <summary>Versions of the libraries that produced the bundle (PredictionSdk, TorchSharp, libtorch …).</summary>
    public IReadOnlyDictionary<string, string> LibraryVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>Entry names (besides the manifest) and what each holds, e.g. <c>weights.bin</c>, <c>model.onnx</c>, <c>calibration.json</c>.</summary>
    public IReadOnlyDictionary<string, string> Entries { get; init; } = new Dictionary<string, string>();

    /// <summary>When the bundle was created (UTC).</summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>
    /// For a model trained on several symbols at once (pooled): every symbol, each with the scaler fit on its own
    /// training window, in training order. The first member is <see cref="Symbol"/> and its scaler is <see cref="Scaler"/>.
    /// Null for a model of one symbol.
    /// </summary>
    public IReadOnlyList<PoolMember>? Pool { get; init; }

    /// <summary>The bundle whose weights this model started from (fine-tuning); null when trained from scratch.</summary>
    public BundleLineage? FineTunedFrom { get; init; }
}

/// <summary>The training data of a bundle.</summary>
/// <param name="Start">Open time of the first bar used (warm-up included).</param>
/// <param name="End">Open time of the last bar whose target was used.</param>
/// <param name="TrainSamples">Samples the weights were fit on.</param>
/// <param name="ValidationSamples">Samples used for early stopping.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="BestEpoch">Epoch whose weights were kept.</param>
public sealed record TrainingWindow(DateTime Start, DateTime End, int TrainSamples, int ValidationSamples, int Epochs, int BestEpoch);
