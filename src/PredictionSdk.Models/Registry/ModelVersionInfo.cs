using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Registry;

/// <summary>A model version in a <see cref="ModelRegistry"/>: its bundle and its lineage. Everything but <see cref="LiveMetrics"/> is fixed at registration.</summary>
public sealed record ModelVersionInfo
{
    /// <summary>Version id, e.g. <c>btc-usd-v3</c>: the bundle's symbol and a sequence number per symbol.</summary>
    public required string Id { get; init; }

    /// <summary>The symbol the bundle was trained on (it may serve others).</summary>
    public required string Symbol { get; init; }

    /// <summary>Bar interval, e.g. <c>1m</c>.</summary>
    public required string Interval { get; init; }

    /// <summary>Horizons the bundle predicts.</summary>
    public required IReadOnlyList<int> Horizons { get; init; }

    /// <summary>Network type.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ModelType>))]
    public required ModelType ModelType { get; init; }

    /// <summary>Bundle file: relative to the registry folder when stored there, absolute when linked.</summary>
    public required string Bundle { get; init; }

    /// <summary>True when the registry links the bundle where it was (the file must stay there) instead of keeping a copy.</summary>
    public bool Linked { get; init; }

    /// <summary>SHA-256 of the bundle file (hex); checked whenever the bundle is handed out.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Size of the bundle file in bytes.</summary>
    public long SizeBytes { get; init; }

    /// <summary>When the version was registered (UTC).</summary>
    public DateTime RegisteredUtc { get; init; }

    /// <summary>When the bundle was created (UTC, from its manifest).</summary>
    public DateTime CreatedUtc { get; init; }

    /// <summary>The version this one was derived from (fine-tuned from, or retrained to replace), if any.</summary>
    public string? ParentId { get; init; }

    /// <summary>The data the model was fit on (from the bundle's manifest).</summary>
    public required DataRange Data { get; init; }

    /// <summary>
    /// How it was trained: the network's settings, seed, epochs, window and features from the manifest, library
    /// versions, and whatever the registering code added (e.g. <c>trigger</c>, <c>fineTuned</c>).
    /// </summary>
    public JsonObject TrainingOptions { get; init; } = [];

    /// <summary>Out-of-sample metrics recorded in the bundle at training time.</summary>
    public IReadOnlyDictionary<string, double> OfflineMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Live metrics appended while the version served or ran in shadow, oldest first.</summary>
    public IReadOnlyList<LiveMetrics> LiveMetrics { get; init; } = [];

    /// <summary>Free text given at registration.</summary>
    public string? Notes { get; init; }
}

/// <summary>The data a model was fit on.</summary>
/// <param name="Start">Open time of the first bar used (warm-up included).</param>
/// <param name="End">Open time of the last bar whose target was used.</param>
/// <param name="TrainSamples">Samples the weights were fit on.</param>
/// <param name="ValidationSamples">Samples used for early stopping and calibration.</param>
public sealed record DataRange(DateTime Start, DateTime End, int TrainSamples, int ValidationSamples);

/// <summary>A model's live record over a period, for one symbol (or all it served) and one horizon.</summary>
public sealed record LiveMetrics
{
    /// <summary>Target time of the first outcome counted (UTC).</summary>
    public DateTime FromUtc { get; init; }

    /// <summary>Target time of the last outcome counted (UTC).</summary>
    public DateTime ToUtc { get; init; }

    /// <summary>Symbol, or null when the figures pool every symbol the version served.</summary>
    public string? Symbol { get; init; }

    /// <summary>Bars ahead.</summary>
    public int Horizon { get; init; }

    /// <summary><c>live</c> when the version served the predictions, <c>shadow</c> when it only scored them.</summary>
    public string Role { get; init; } = "live";

    /// <summary>Outcomes counted.</summary>
    public long Samples { get; init; }

    /// <summary>Outcomes with a non-flat move (direction scored).</summary>
    public long DirectionalSamples { get; init; }

    /// <summary>Share of direction calls that were right.</summary>
    public double? DirectionAccuracy { get; init; }

    /// <summary>Mean direction log loss (nats).</summary>
    public double? LogLoss { get; init; }

    /// <summary>Mean pinball loss of the interval quantiles (log return).</summary>
    public double? PinballLoss { get; init; }

    /// <summary>Share of outcomes inside the interval.</summary>
    public double? Coverage { get; init; }

    /// <summary>Nominal coverage of the intervals, e.g. 0.9.</summary>
    public double? NominalCoverage { get; init; }

    /// <summary>Mean interval width (log return).</summary>
    public double? MeanIntervalWidth { get; init; }
}

/// <summary>What a <see cref="PromotionRecord"/> did.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromotionKind>))]
public enum PromotionKind
{
    /// <summary>A version became champion.</summary>
    Promote,

    /// <summary>The champion was replaced by the version it had replaced.</summary>
    Rollback,
}

/// <summary>One change of champion, with why it happened.</summary>
/// <param name="AtUtc">When (UTC).</param>
/// <param name="Kind">Promotion or rollback.</param>
/// <param name="Symbol">Symbol served (or <see cref="ModelRegistry.AnySymbol"/>).</param>
/// <param name="Horizon">Horizon served.</param>
/// <param name="VersionId">The new champion.</param>
/// <param name="PreviousVersionId">The champion it replaced, if any.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Evidence">The numbers behind the decision (e.g. a Diebold–Mariano test), if any.</param>
public sealed record PromotionRecord(DateTime AtUtc, PromotionKind Kind, string Symbol, int Horizon, string VersionId, string? PreviousVersionId, string Reason, JsonObject? Evidence);

/// <summary>The version serving a symbol and horizon.</summary>
/// <param name="Symbol">Symbol served (or <see cref="ModelRegistry.AnySymbol"/>).</param>
/// <param name="Horizon">Horizon served.</param>
/// <param name="VersionId">Champion version.</param>
/// <param name="SinceUtc">When it became champion.</param>
public sealed record ChampionEntry(string Symbol, int Horizon, string VersionId, DateTime SinceUtc);

/// <summary>An A/B test: a share of the symbols routed to a version instead of their champion.</summary>
/// <param name="Id">Test id, e.g. <c>ab-2</c>; also the salt of the symbol hash.</param>
/// <param name="VersionId">The version under test.</param>
/// <param name="Share">Share of symbols routed to it, in (0, 1].</param>
/// <param name="Horizons">Horizons routed (null: every horizon the version predicts).</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="EndedUtc">When it ended; null while running.</param>
public sealed record AbTest(string Id, string VersionId, double Share, IReadOnlyList<int>? Horizons, DateTime StartedUtc, DateTime? EndedUtc)
{
    /// <summary>True while the test routes symbols.</summary>
    [JsonIgnore]
    public bool IsActive => EndedUtc is null;
}

/// <summary>Why a version serves a symbol.</summary>
public enum AssignmentSource
{
    /// <summary>It is the symbol's champion.</summary>
    Champion,

    /// <summary>It is the champion for every symbol without one of its own (<see cref="ModelRegistry.AnySymbol"/>).</summary>
    DefaultChampion,

    /// <summary>An A/B test routes the symbol to it.</summary>
    AbTest,
}

/// <summary>The version that serves a symbol and horizon, and why.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Source">Why.</param>
/// <param name="AbTestId">The A/B test, when <paramref name="Source"/> is <see cref="AssignmentSource.AbTest"/>.</param>
public readonly record struct ModelAssignment(string VersionId, AssignmentSource Source, string? AbTestId = null);

/// <summary>What to record with a new version.</summary>
public sealed class ModelRegistration
{
    /// <summary>The version it derives from (must be registered).</summary>
    public string? ParentId { get; set; }

    /// <summary>Extra training facts to record (merged into <see cref="ModelVersionInfo.TrainingOptions"/>).</summary>
    public JsonObject? TrainingOptions { get; set; }

    /// <summary>Free text.</summary>
    public string? Notes { get; set; }

    /// <summary>Keep the bundle where it is instead of copying it into the registry (the file must then stay there unchanged).</summary>
    public bool Link { get; set; }
}
