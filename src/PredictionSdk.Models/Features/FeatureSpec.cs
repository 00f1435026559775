using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Everything that defines a model's inputs and targets: the bar interval, the window length, the
/// horizons, the asset class (for the session features) and which features are computed with which
/// look-backs. Stored as JSON in the model bundle so that serving computes exactly what training saw.
/// </summary>
public sealed record FeatureSpec
{
    /// <summary>
    /// Format version of this record; bumped when the meaning of a feature changes. Version 2: indicator features are
    /// read from <c>PredictionSdk.Indicators</c> (warm-up conventions, flat-market RSI = 100, Donchian channel of the
    /// previous bars, fast stochastic), the VWAP distance is to the UTC-day VWAP (<c>vwap_dist_session</c>).
    /// </summary>
    public const int CurrentVersion = 2;

    /// <summary>Format version (see <see cref="CurrentVersion"/>).</summary>
    public int Version { get; init; } = CurrentVersion;

    private readonly IReadOnlyList<int>? _orderFlowWindows;

    /// <summary>Bar interval of the input candles, e.g. <c>1m</c>.</summary>
    public string BaseInterval { get; init; } = "1m";

    /// <summary>Feature rows per model input window.</summary>
    public int WindowLength { get; init; } = 32;

    /// <summary>Forecast horizons in bars (default 1, 5 and 15).</summary>
    public IReadOnlyList<int> Horizons { get; init; } = [1, 5, 15];

    /// <summary>Crypto trades around the clock (UTC calendar features); stocks get New York calendar and session features.</summary>
    public AssetClass AssetClass { get; init; } = AssetClass.Crypto;

    /// <summary>How many lagged one-bar returns to include (<c>ret_lag_1</c> …).</summary>
    public int ReturnLags { get; init; } = 5;

    /// <summary>Look-backs, in bars, of the multi-bar returns and the rolling mean/std/skew of returns.</summary>
    public IReadOnlyList<int> RollingWindows { get; init; } = [5, 15, 60];

    /// <summary>Look-backs, in bars, of the log-volume z-scores.</summary>
    public IReadOnlyList<int> VolumeWindows { get; init; } = [15, 60];

    /// <summary>Higher intervals built inside the pipeline by resampling, e.g. <c>5m</c>, <c>15m</c>, <c>1h</c>.</summary>
    public IReadOnlyList<string> MultiScaleIntervals { get; init; } = ["5m", "15m", "1h"];

    /// <summary>Period of the indicators computed on the higher intervals.</summary>
    public int MultiScalePeriod { get; init; } = 14;

    /// <summary>
    /// Look-backs, in bars, of the order-flow group (taker-buy share, trade-count and trade-size z-scores; with them
    /// <c>signed_vol_1</c> and <c>vwap_dist_bar</c>). Empty (the default) leaves the group out; when set, every bar
    /// must report its order flow (<see cref="Candle.HasOrderFlow"/>). <see cref="WithOrderFlowIfReported"/> turns it
    /// on for data that has the columns.
    /// </summary>
    /// <remarks>A spec written before the group existed has no such property and reads with the group off.</remarks>
    public IReadOnlyList<int> OrderFlowWindows
    {
        get => _orderFlowWindows ?? [];
        init => _orderFlowWindows = value;
    }

    /// <summary>The order-flow look-backs used when the group is turned on without naming them.</summary>
    public static IReadOnlyList<int> DefaultOrderFlowWindows { get; } = [5, 15, 60];

    /// <summary>True when the order-flow group is on.</summary>
    [JsonIgnore]
    public bool HasOrderFlow => OrderFlowWindows.Count > 0;

    /// <summary>Names of the features to emit, in this order; null emits every feature of <see cref="FeaturePipeline.AllFeatureNames"/>.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Custom features computed after the built-in ones, in this order (see <see cref="ICustomFeature"/>). Default none.</summary>
    public IReadOnlyList<CustomFeatureSpec> CustomFeatures { get; init; } = [];

    /// <summary>External series joined as of each bar's close (see <see cref="ExternalSeriesSpec"/>). Default none.</summary>
    public IReadOnlyList<ExternalSeriesSpec> ExternalSeries { get; init; } = [];

    /// <summary>Other symbols whose bars of the same minutes the model reads (see <see cref="ContextSpec"/>); null (the default) for none.</summary>
    public ContextSpec? Context { get; init; }

    /// <summary>True when the spec reads context symbols.</summary>
    [JsonIgnore]
    public bool HasContext => Context is { Symbols.Count: > 0 };

    /// <summary>The largest horizon.</summary>
    [JsonIgnore]
    public int MaxHorizon => Horizons.Count == 0 ? 0 : Horizons.Max();

    /// <summary>The parsed <see cref="BaseInterval"/>.</summary>
    [JsonIgnore]
    public Interval Interval => Interval.Parse(BaseInterval);

    /// <summary>The default spec for an asset class.</summary>
    public static FeatureSpec Default(AssetClass assetClass = AssetClass.Crypto) => new() { AssetClass = assetClass };

    /// <summary>
    /// This spec with the order-flow group on (<paramref name="windows"/>, or <see cref="DefaultOrderFlowWindows"/>)
    /// when every candle reports its order flow, otherwise unchanged.
    /// </summary>
    public FeatureSpec WithOrderFlowIfReported(IReadOnlyList<Candle> candles, IReadOnlyList<int>? windows = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        foreach (var candle in candles)
        {
            if (!candle.HasOrderFlow)
            {
                return this;
            }
        }

        return candles.Count == 0 ? this : this with { OrderFlowWindows = windows ?? DefaultOrderFlowWindows };
    }

    /// <summary>Checks every field and throws <see cref="ArgumentException"/> naming the first one that is wrong.</summary>
    public void Validate()
    {
        if (Version != CurrentVersion)
        {
            throw new FeatureSpecVersionException(Version);
        }

        if (!PredictionSdk.Interval.TryParse(BaseInterval, out var baseInterval))
        {
            throw new ArgumentException($"BaseInterval '{BaseInterval}' is not a supported interval.", nameof(BaseInterval));
        }

        if (WindowLength < 1)
        {
            throw new ArgumentException($"WindowLength must be at least 1; was {WindowLength}.", nameof(WindowLength));
        }

        if (Horizons is null || Horizons.Count == 0 || Horizons.Any(h => h < 1) || Horizons.Distinct().Count() != Horizons.Count)
        {
            throw new ArgumentException("Horizons must be a non-empty list of distinct positive bar counts.", nameof(Horizons));
        }

        if (ReturnLags < 0 || ReturnLags > 120)
        {
            throw new ArgumentException($"ReturnLags must be between 0 and 120; was {ReturnLags}.", nameof(ReturnLags));
        }

        if (RollingWindows is null || RollingWindows.Any(w => w < 3 || w > 10_000))
        {
            throw new ArgumentException("RollingWindows must hold look-backs between 3 and 10000 bars.", nameof(RollingWindows));
        }

        if (VolumeWindows is null || VolumeWindows.Any(w => w < 3 || w > 10_000))
        {
            throw new ArgumentException("VolumeWindows must hold look-backs between 3 and 10000 bars.", nameof(VolumeWindows));
        }

        if (OrderFlowWindows.Any(w => w < 2 || w > 10_000) || OrderFlowWindows.Distinct().Count() != OrderFlowWindows.Count)
        {
            throw new ArgumentException("OrderFlowWindows must hold distinct look-backs between 2 and 10000 bars.", nameof(OrderFlowWindows));
        }

        if (MultiScalePeriod < 2)
        {
            throw new ArgumentException($"MultiScalePeriod must be at least 2; was {MultiScalePeriod}.", nameof(MultiScalePeriod));
        }

        foreach (var series in ExternalSeries ?? [])
        {
            series.Validate();
        }

        if ((ExternalSeries ?? []).Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != (ExternalSeries?.Count ?? 0))
        {
            throw new ArgumentException("ExternalSeries lists a series twice.", nameof(ExternalSeries));
        }

        Context?.Validate();

        foreach (var custom in CustomFeatures ?? [])
        {
            PredictionSdk.External.ExternalSeries.CheckName(custom.Name);
        }

        foreach (string name in MultiScaleIntervals ?? [])
        {
            if (!PredictionSdk.Interval.TryParse(name, out var higher) || higher.Duration <= baseInterval.Duration
                || higher.Duration.Ticks % baseInterval.Duration.Ticks != 0)
            {
                throw new ArgumentException($"Multi-scale interval '{name}' must be a supported interval that is a multiple of {BaseInterval}.", nameof(MultiScaleIntervals));
            }
        }
    }

    /// <summary>Serialises the spec to JSON (source-generated serializer, no reflection).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FeatureSpecJsonContext.Default.FeatureSpec);

    /// <summary>Reads a spec written by <see cref="ToJson"/> and validates it.</summary>
    /// <exception cref="FeatureSpecVersionException">The spec was written for another version of the features (checked first, whatever else the JSON holds).</exception>
    /// <exception cref="ArgumentException">The JSON is malformed or names an invalid setting.</exception>
    public static FeatureSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FeatureSpec? spec;
        try
        {
            CheckVersion(json);
            spec = JsonSerializer.Deserialize(json, FeatureSpecJsonContext.Default.FeatureSpec);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Feature spec JSON is malformed: {ex.Message}", nameof(json), ex);
        }

        if (spec is null)
        {
            throw new ArgumentException("Feature spec JSON is empty.", nameof(json));
        }

        spec.Validate();
        return spec;
    }

    /// <summary>Reads only the version, so that a spec of another version is reported as such even if its shape changed.</summary>
    private static void CheckVersion(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("version", out var version)
            && version.TryGetInt32(out int number)
            && number != CurrentVersion)
        {
            throw new FeatureSpecVersionException(number);
        }
    }

    /// <inheritdoc />
    public bool Equals(FeatureSpec? other) =>
        other is not null
        && Version == other.Version
        && BaseInterval == other.BaseInterval
        && WindowLength == other.WindowLength
        && AssetClass == other.AssetClass
        && ReturnLags == other.ReturnLags
        && MultiScalePeriod == other.MultiScalePeriod
        && Horizons.SequenceEqual(other.Horizons)
        && RollingWindows.SequenceEqual(other.RollingWindows)
        && VolumeWindows.SequenceEqual(other.VolumeWindows)
        && MultiScaleIntervals.SequenceEqual(other.MultiScaleIntervals)
        && OrderFlowWindows.SequenceEqual(other.OrderFlowWindows)
        && (Features is null ? other.Features is null : other.Features is not null && Features.SequenceEqual(other.Features))
        && (CustomFeatures ?? []).SequenceEqual(other.CustomFeatures ?? [])
        && (ExternalSeries ?? []).SequenceEqual(other.ExternalSeries ?? [])
        && Equals(Context, other.Context);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, BaseInterval, WindowLength, AssetClass, ReturnLags, Horizons.Count, Features?.Count ?? -1);
}
