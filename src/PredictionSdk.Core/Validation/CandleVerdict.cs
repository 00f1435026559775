using System.Globalization;

namespace PredictionSdk.Validation;

/// <summary>
/// The judgement on one bar: accept it, use a repaired copy, or reject it (with the rule, field and value at fault).
/// A value type that allocates nothing; <see cref="Reason"/> builds its text only when asked.
/// </summary>
public readonly record struct CandleVerdict
{
    /// <summary>What to do with the bar.</summary>
    public CandleAction Action { get; init; }

    /// <summary>For a rejection the rule broken; for a repair the first rule repaired; otherwise <see cref="CandleRule.None"/>.</summary>
    public CandleRule Rule { get; init; }

    /// <summary>Every fix applied (repairs only).</summary>
    public CandleRepairs Repairs { get; init; }

    /// <summary>What was noticed without changing anything (outlier, confirmed level shift, gap).</summary>
    public CandleNotes Notes { get; init; }

    /// <summary>The bar to use: the input, or its repaired copy.</summary>
    public Candle Candle { get; init; }

    /// <summary>The field at fault (<c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>, <c>volume</c> or <c>timestamp</c>), or null.</summary>
    public string? Field { get; init; }

    /// <summary>The offending value of <see cref="Field"/> (prices and volume).</summary>
    public double Value { get; init; }

    /// <summary>What the value was held against: the price high/low had to reach, the last close for a jump.</summary>
    public double Reference { get; init; }

    /// <summary>For timestamp rules, the time the bar was held against (latest accepted bar, or the boundary).</summary>
    public DateTime ReferenceTime { get; init; }

    /// <summary>Robust standard deviations between the close's return and the recent median (0 when not measured).</summary>
    public double OutlierScore { get; init; }

    /// <summary>Bars missing between the previous accepted bar and this one.</summary>
    public long MissingBars { get; init; }

    /// <summary>Bars in a row that moved as far as this one, including it (price jumps).</summary>
    public int JumpRun { get; init; }

    /// <summary>Bars in a row needed to confirm a jump as a new level.</summary>
    public int JumpConfirmations { get; init; }

    /// <summary>The interval the bar was judged with (alignment, gaps).</summary>
    public Interval Interval { get; init; }

    /// <summary>True when the bar (or its repaired copy) may be used.</summary>
    public bool IsUsable => Action != CandleAction.Reject;

    /// <summary>True when the bar is rejected.</summary>
    public bool IsRejected => Action == CandleAction.Reject;

    /// <summary>One line saying what was wrong (and, for repairs, what was changed), without the location.</summary>
    public string Reason => Action switch
    {
        CandleAction.Reject => Describe(Rule, Field, Value, Reference, ReferenceTime, repaired: false),
        CandleAction.Repair => Describe(Rule, Field, Value, Reference, ReferenceTime, repaired: true),
        _ => (Notes & CandleNotes.Outlier) != 0 ? DescribeOutlier() : "accepted",
    };

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Action} {Candle.Timestamp:yyyy-MM-ddTHH:mm:ssZ}: {Reason}");

    internal static CandleVerdict Accept(in Candle candle, Interval interval) =>
        new() { Action = CandleAction.Accept, Candle = candle, Interval = interval };

    internal static CandleVerdict Reject(in Candle candle, Interval interval, CandleRule rule, string field, double value = double.NaN, double reference = double.NaN, DateTime referenceTime = default) =>
        new() { Action = CandleAction.Reject, Candle = candle, Interval = interval, Rule = rule, Field = field, Value = value, Reference = reference, ReferenceTime = referenceTime };

    internal string DescribeOutlier() =>
        string.Create(CultureInfo.InvariantCulture, $"the close's return is {OutlierScore:0.0} robust σ from the recent median");

    private string Describe(CandleRule rule, string? field, double value, double reference, DateTime referenceTime, bool repaired)
    {
        var c = CultureInfo.InvariantCulture;
        string text = rule switch
        {
            CandleRule.NonFinitePrice => $"{field} is not a finite number",
            CandleRule.NonPositivePrice => string.Create(c, $"{field} {value:R} is not a positive price"),
            CandleRule.NonFiniteVolume => "volume is not a finite number",
            CandleRule.NegativeVolume => string.Create(c, $"volume {value:R} is negative"),
            CandleRule.OhlcInconsistent when field == "high" => string.Create(c, $"high {value:R} is below another price ({reference:R})"),
            CandleRule.OhlcInconsistent => string.Create(c, $"low {value:R} is above another price ({reference:R})"),
            CandleRule.Misaligned => string.Create(c, $"open time is not on a {Interval} boundary"),
            CandleRule.Duplicate => string.Create(c, $"a bar opening at {Time(referenceTime)} was already accepted; the first is kept"),
            CandleRule.OutOfOrder => string.Create(c, $"earlier than the latest accepted bar ({Time(referenceTime)})"),
            CandleRule.PriceJump => string.Create(c, $"{field} {value:R} is {Math.Abs((value / reference) - 1):0.#%} from the last close {reference:R}; {JumpRun} of {JumpConfirmations} bars in a row needed to accept a new level"),
            CandleRule.Outlier => DescribeOutlier(),
            _ => rule.ToString(),
        };
        if (!repaired)
        {
            return rule is CandleRule.NonFinitePrice or CandleRule.NonPositivePrice ? text + "; cannot be repaired" : text;
        }

        string fix = rule switch
        {
            CandleRule.NonFiniteVolume or CandleRule.NegativeVolume => "set to 0",
            CandleRule.OhlcInconsistent when field == "high" => string.Create(c, $"set to {Candle.High:R}"),
            CandleRule.OhlcInconsistent => string.Create(c, $"set to {Candle.Low:R}"),
            CandleRule.Misaligned => $"moved to {Time(Candle.Timestamp)}",
            CandleRule.OutOfOrder => "sorted into place",
            _ => "repaired",
        };
        return text + "; " + fix;
    }

    internal static string Time(DateTime value) =>
        value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
