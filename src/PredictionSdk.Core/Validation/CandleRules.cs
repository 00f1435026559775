namespace PredictionSdk.Validation;

/// <summary>
/// The rules one bar must meet on its own: finite, positive prices; finite, non-negative volume; high and low
/// bounding open and close; an open time on the interval's boundary. Stateless; <see cref="CandleChecker"/> adds
/// the rules that need earlier bars (duplicates, order, jumps, outliers). Allocates nothing.
/// </summary>
public static class CandleRules
{
    /// <summary>
    /// Judges one bar. Without <paramref name="repair"/> every broken rule rejects; with it, volume, high/low and
    /// alignment are fixed, and only non-finite or non-positive prices reject.
    /// </summary>
    /// <param name="bar">The bar.</param>
    /// <param name="interval">Interval whose boundaries the open time must sit on; <c>default</c> skips the alignment rule.</param>
    /// <param name="repair">Fix what can be fixed instead of rejecting.</param>
    public static CandleVerdict Check(in Candle bar, Interval interval = default, bool repair = false)
    {
        if (CheckPrice(bar, interval, bar.Open, "open", out var verdict)
            || CheckPrice(bar, interval, bar.High, "high", out verdict)
            || CheckPrice(bar, interval, bar.Low, "low", out verdict)
            || CheckPrice(bar, interval, bar.Close, "close", out verdict))
        {
            return verdict;
        }

        var fixedBar = bar;
        var repairs = CandleRepairs.None;
        var first = CandleRule.None;
        string? field = null;
        double value = double.NaN, reference = double.NaN;
        DateTime referenceTime = default;

        if (!double.IsFinite(bar.Volume) || bar.Volume < 0)
        {
            var rule = double.IsFinite(bar.Volume) ? CandleRule.NegativeVolume : CandleRule.NonFiniteVolume;
            if (!repair)
            {
                return CandleVerdict.Reject(bar, interval, rule, "volume", bar.Volume);
            }

            Note(rule, "volume", bar.Volume, double.NaN, CandleRepairs.Volume);
            fixedBar = fixedBar with { Volume = 0 };
        }

        double highest = Math.Max(Math.Max(bar.Open, bar.Close), Math.Max(bar.High, bar.Low));
        double lowest = Math.Min(Math.Min(bar.Open, bar.Close), Math.Min(bar.High, bar.Low));
        if (bar.High != highest)
        {
            if (!repair)
            {
                return CandleVerdict.Reject(bar, interval, CandleRule.OhlcInconsistent, "high", bar.High, highest);
            }

            Note(CandleRule.OhlcInconsistent, "high", bar.High, highest, CandleRepairs.High);
            fixedBar = fixedBar with { High = highest };
        }

        if (bar.Low != lowest)
        {
            if (!repair)
            {
                return CandleVerdict.Reject(bar, interval, CandleRule.OhlcInconsistent, "low", bar.Low, lowest);
            }

            Note(CandleRule.OhlcInconsistent, "low", bar.Low, lowest, CandleRepairs.Low);
            fixedBar = fixedBar with { Low = lowest };
        }

        if (interval.Duration > TimeSpan.Zero && !interval.IsAligned(bar.Timestamp))
        {
            DateTime floored = interval.Floor(bar.Timestamp);
            if (!repair)
            {
                return CandleVerdict.Reject(bar, interval, CandleRule.Misaligned, "timestamp", referenceTime: floored);
            }

            referenceTime = floored;
            Note(CandleRule.Misaligned, "timestamp", double.NaN, double.NaN, CandleRepairs.Timestamp);
            fixedBar = fixedBar with { Timestamp = floored };
        }

        return repairs == CandleRepairs.None
            ? CandleVerdict.Accept(bar, interval)
            : new CandleVerdict
            {
                Action = CandleAction.Repair,
                Candle = fixedBar,
                Interval = interval,
                Rule = first,
                Repairs = repairs,
                Field = field,
                Value = value,
                Reference = reference,
                ReferenceTime = referenceTime,
            };

        void Note(CandleRule rule, string name, double original, double bound, CandleRepairs fix)
        {
            repairs |= fix;
            if (first == CandleRule.None)
            {
                first = rule;
                field = name;
                value = original;
                reference = bound;
            }
        }
    }

    /// <summary>
    /// True when every price is finite and positive, the volume finite and not negative, and high and low bound
    /// the other prices — the rules of <see cref="Check"/> without alignment.
    /// </summary>
    public static bool IsValid(in Candle bar) =>
        double.IsFinite(bar.Open) && double.IsFinite(bar.High) && double.IsFinite(bar.Low) && double.IsFinite(bar.Close)
        && bar.Open > 0 && bar.High > 0 && bar.Low > 0 && bar.Close > 0
        && double.IsFinite(bar.Volume) && bar.Volume >= 0
        && bar.High >= bar.Low && bar.High >= bar.Open && bar.High >= bar.Close && bar.Low <= bar.Open && bar.Low <= bar.Close;

    /// <summary>
    /// Judges the order of a bar that follows one opening at <paramref name="previous"/>: the same open time is a
    /// <see cref="CandleRule.Duplicate"/> (the first bar wins), an earlier one <see cref="CandleRule.OutOfOrder"/>.
    /// </summary>
    public static CandleVerdict CheckOrder(DateTime previous, in Candle bar, Interval interval = default)
    {
        long ticks = bar.Timestamp.Ticks;
        return ticks > previous.Ticks ? CandleVerdict.Accept(bar, interval)
            : CandleVerdict.Reject(bar, interval, ticks == previous.Ticks ? CandleRule.Duplicate : CandleRule.OutOfOrder, "timestamp", referenceTime: previous);
    }

    private static bool CheckPrice(in Candle bar, Interval interval, double price, string field, out CandleVerdict verdict)
    {
        if (!double.IsFinite(price))
        {
            verdict = CandleVerdict.Reject(bar, interval, CandleRule.NonFinitePrice, field, price);
            return true;
        }

        if (price <= 0)
        {
            verdict = CandleVerdict.Reject(bar, interval, CandleRule.NonPositivePrice, field, price);
            return true;
        }

        verdict = default;
        return false;
    }
}
