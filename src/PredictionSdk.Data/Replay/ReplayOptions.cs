namespace PredictionSdk.Data.Replay;

/// <summary>Settings of <see cref="ReplayCandleSource"/>: what to replay and how fast.</summary>
public sealed class ReplayOptions
{
    /// <summary>Configuration section the options bind from by convention.</summary>
    public const string SectionName = "PredictionSdk:Feeds:Replay";

    /// <summary>Candle files by symbol (<c>"BTC-USDT": "data/BTCUSDT-1m-2024-01.csv.gz"</c>): any format <see cref="CandleFile"/> reads (.csv, .csv.gz, .parquet).</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Replay speed relative to market time: <see cref="ReplaySpeed.Max"/> (the default) = as fast as the consumer reads,
    /// <see cref="ReplaySpeed.RealTime"/>, or <c>ReplaySpeed.Times(60)</c> = one minute per second. Binds from
    /// configuration as <c>"max"</c> or <c>"60"</c>.
    /// </summary>
    public ReplaySpeed Speed { get; set; }

    /// <summary>
    /// Synthetic open-bar updates sent before each close (0 = finals only). Update k of n carries the bar as if price had
    /// moved linearly from open toward close: <c>close_k = open + (close − open)·k/(n+1)</c>, range and volume to match.
    /// </summary>
    public int OpenBarUpdates { get; set; }

    /// <summary>Bar length of the data (binds from <c>"1m"</c>); streams must ask for this interval. Default 1m.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>Optional first bar (inclusive, UTC) to replay.</summary>
    public DateTime? From { get; set; }

    /// <summary>Optional end (exclusive, UTC) of the replay.</summary>
    public DateTime? To { get; set; }

    /// <summary>Name reported in <see cref="CandleUpdate.Source"/>.</summary>
    public string Name { get; set; } = "replay";

    /// <summary>Problems with these settings, one sentence each; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (OpenBarUpdates is < 0 or > 60)
        {
            yield return $"ReplayOptions.OpenBarUpdates must be in [0, 60] (was {OpenBarUpdates}).";
        }

        if (Interval.Duration <= TimeSpan.Zero)
        {
            yield return "ReplayOptions.Interval is not set.";
        }

        if (From is { } from && To is { } to && to <= from)
        {
            yield return $"ReplayOptions.To ({to:o}) must be after From ({from:o}).";
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "ReplayOptions.Name must not be empty.";
        }

        foreach (var (symbol, path) in Files)
        {
            if (!Symbol.TryParse(symbol, out _))
            {
                yield return $"ReplayOptions.Files has key '{symbol}', which is not a symbol.";
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                yield return $"ReplayOptions.Files['{symbol}'] has no path.";
            }
        }
    }

    /// <summary>Throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var failures = Validate().ToArray();
        if (failures.Length > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(ReplayOptions), typeof(ReplayOptions), failures);
        }
    }
}
