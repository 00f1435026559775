using System.Runtime.CompilerServices;

namespace PredictionSdk.Data.Resampling;

/// <summary>
/// Batch resampling of ascending candles to a longer interval (1m → 3m, 5m, 15m, 30m, 1h, 4h, 1d): first open,
/// highest high, lowest low, last close, summed volume, bars on UTC boundaries. Periods without source bars
/// produce no bar (nothing is invented); the last bar is flagged incomplete when its period is not over.
/// </summary>
public static class CandleResampler
{
    /// <summary>Resamples <paramref name="candles"/> to <paramref name="target"/> bars.</summary>
    /// <param name="candles">Ascending source bars without duplicates.</param>
    /// <param name="target">Interval of the result.</param>
    /// <param name="source">
    /// Interval of the source bars; when null, the longest standard interval that is no longer than the smallest
    /// spacing between consecutive bars and that every open time is aligned to (1m for fewer than two bars).
    /// </param>
    /// <exception cref="CandleValidationException">The source bars are not ascending or contain a duplicate.</exception>
    /// <exception cref="ArgumentException">The target is not a whole multiple of the source interval.</exception>
    public static IReadOnlyList<ResampledCandle> Resample(IEnumerable<Candle> candles, Interval target, Interval? source = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        IReadOnlyList<Candle> list = candles as IReadOnlyList<Candle> ?? [.. candles];
        var aggregator = new CandleAggregator(target, source?.Duration ?? InferSpacing(list));
        var result = new List<ResampledCandle>((list.Count / Math.Max(1, target.Minutes)) + 1);
        foreach (var candle in list)
        {
            if (aggregator.Add(candle, out var bar))
            {
                result.Add(bar);
            }
        }

        if (aggregator.Flush(out var last))
        {
            result.Add(last);
        }

        return result;
    }

    /// <summary>
    /// Resamples bars that were themselves resampled (e.g. 5m → 15m), carrying <see cref="ResampledCandle.SourceCount"/>
    /// and incompleteness through, so that 1m → 5m → 15m gives exactly what 1m → 15m gives.
    /// </summary>
    /// <param name="bars">Ascending bars of interval <paramref name="source"/>; only the last may be incomplete.</param>
    /// <param name="target">Interval of the result.</param>
    /// <param name="source">Interval of <paramref name="bars"/>.</param>
    /// <exception cref="CandleValidationException">The bars are not ascending or contain a duplicate.</exception>
    public static IReadOnlyList<ResampledCandle> Resample(IEnumerable<ResampledCandle> bars, Interval target, Interval source)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var aggregator = new CandleAggregator(target, source);
        var result = new List<ResampledCandle>();
        foreach (var next in bars)
        {
            if (aggregator.Add(next, out var bar))
            {
                result.Add(bar);
            }
        }

        if (aggregator.Flush(out var last))
        {
            result.Add(last);
        }

        return result;
    }

    /// <summary>Resamples and returns plain candles, leaving out the last bar when it is incomplete unless <paramref name="includeIncomplete"/>.</summary>
    public static IReadOnlyList<Candle> ResampleCandles(IEnumerable<Candle> candles, Interval target, bool includeIncomplete = false, Interval? source = null)
    {
        var bars = Resample(candles, target, source);
        var result = new List<Candle>(bars.Count);
        foreach (var bar in bars)
        {
            if (bar.IsComplete || includeIncomplete)
            {
                result.Add(bar.Candle);
            }
        }

        return result;
    }

    /// <summary>Streams resampled bars as their periods close; the last one may be incomplete.</summary>
    /// <param name="candles">Ascending source bars without duplicates.</param>
    /// <param name="target">Interval of the result.</param>
    /// <param name="source">Interval of the source bars.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public static async IAsyncEnumerable<ResampledCandle> ResampleAsync(IAsyncEnumerable<Candle> candles, Interval target, Interval source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var aggregator = new CandleAggregator(target, source);
        await foreach (var candle in candles.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (aggregator.Add(candle, out var bar))
            {
                yield return bar;
            }
        }

        if (aggregator.Flush(out var last))
        {
            yield return last;
        }
    }

    private static TimeSpan InferSpacing(IReadOnlyList<Candle> candles)
    {
        long smallest = long.MaxValue;
        for (int i = 1; i < candles.Count; i++)
        {
            long step = candles[i].Timestamp.Ticks - candles[i - 1].Timestamp.Ticks;
            if (step > 0 && step < smallest)
            {
                smallest = step;
            }
        }

        if (smallest == long.MaxValue)
        {
            return Interval.OneMinute.Duration;
        }

        // Sparse bars need not include two neighbours (1m bars at 14:07 and 15:27 are 80 minutes apart): the source
        // is the longest standard interval, no longer than the smallest spacing, that every open time is aligned to.
        Interval? aligned = null;
        foreach (var interval in Interval.All)
        {
            if (interval.Duration.Ticks <= smallest && AllAligned(candles, interval))
            {
                aligned = interval;
            }
        }

        return aligned?.Duration ?? TimeSpan.FromTicks(smallest);
    }

    private static bool AllAligned(IReadOnlyList<Candle> candles, Interval interval)
    {
        foreach (var candle in candles)
        {
            if (!interval.IsAligned(candle.Timestamp))
            {
                return false;
            }
        }

        return true;
    }
}
