namespace PredictionSdk.Indicators;

/// <summary>Ichimoku Cloud lines plotted on one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="TenkanSen">Conversion line: midpoint of the highest high and lowest low of the last <c>tenkanPeriods</c> bars.</param>
/// <param name="KijunSen">Base line: the same over <c>kijunPeriods</c> bars.</param>
/// <param name="SenkouSpanA">Leading span A: (tenkan + kijun) / 2 computed <c>kijunPeriods</c> bars earlier.</param>
/// <param name="SenkouSpanB">Leading span B: the <c>senkouBPeriods</c>-bar midpoint computed <c>kijunPeriods</c> bars earlier.</param>
/// <param name="ChikouSpan">Lagging span: the close <c>kijunPeriods</c> bars later. Null for the last <c>kijunPeriods</c> bars, and always null from the streaming indicator, which cannot see the future.</param>
public readonly record struct IchimokuResult(
    DateTime Timestamp,
    double? TenkanSen,
    double? KijunSen,
    double? SenkouSpanA,
    double? SenkouSpanB,
    double? ChikouSpan);
