using PredictionSdk.Indicators;

namespace PredictionSdk.Models.Features.Internal;

/// <summary>
/// One higher interval of the multi-scale features, composed of a <see cref="CandleAggregator"/> (which decides when a
/// higher bar is complete), an <see cref="IndicatorSet"/> with EMA, RSI and ATR of the completed bars, and the
/// <see cref="RollingStatistics"/> of their log returns. Only completed bars reach the indicators.
/// </summary>
internal sealed class TimeframeFeatures
{
    private readonly CandleAggregator _aggregator;
    private readonly IndicatorSet _indicators;
    private readonly RollingStatistics _returns;
    private readonly int _ema;
    private readonly int _rsi;
    private readonly int _atr;
    private TimeframeValues _current;

    public TimeframeFeatures(Interval interval, Interval baseInterval, int period)
    {
        _aggregator = new CandleAggregator(interval, baseInterval);
        _indicators = AddIndicators(IndicatorSet.CreateBuilder(), period).Build();
        _ema = _indicators.IndexOf(Column("ema", period));
        _rsi = _indicators.IndexOf(Column("rsi", period));
        _atr = _indicators.IndexOf(Column("atr", period));
        _returns = new RollingStatistics(period);
        Name = interval.Name;
        Period = period;
        Ratio = (int)(interval.Duration.Ticks / baseInterval.Duration.Ticks);
        _current = TimeframeValues.None;
    }

    public string Name { get; }

    public int Period { get; }

    /// <summary>Base bars per bar of this interval.</summary>
    public int Ratio { get; }

    /// <summary>Every indicator has seen enough completed bars and the return window is full.</summary>
    public bool IsReady => _indicators.IsReady && _returns.IsFull;

    /// <summary>The indicators read on completed bars, with the column names of <see cref="IndicatorSetBuilder"/>'s methods.</summary>
    public static IndicatorSetBuilder AddIndicators(IndicatorSetBuilder builder, int period) =>
        builder.AddEma(period).AddRsi(period).AddAtr(period);

    /// <summary>
    /// The values after <paramref name="bar"/>: committed when <paramref name="commit"/>, otherwise previewed (nothing
    /// changes). Unchanged unless the bar completes a higher bar.
    /// </summary>
    public TimeframeValues Next(in Candle bar, bool commit)
    {
        bool completes = commit ? _aggregator.Add(bar, out var done) : _aggregator.PreviewCompleted(bar, out done);
        if (!completes)
        {
            return _current;
        }

        Candle higher = done.Candle;
        ReadOnlySpan<double> indicators = commit ? _indicators.Add(higher) : _indicators.Preview(higher);
        bool first = _current.Completed == 0;
        double logReturn = first ? 0 : Math.Log(higher.Close / _current.Close);
        double returnStd = first ? 0 : _returns.PreviewMoments(logReturn).StdDev;
        var values = new TimeframeValues(
            _current.Completed + 1, logReturn, Math.Log(higher.High / higher.Low), higher.Close,
            indicators[_ema], indicators[_rsi], indicators[_atr], returnStd);
        if (commit)
        {
            if (!first)
            {
                _returns.Add(logReturn);
            }

            _current = values;
        }

        return values;
    }

    public void Reset()
    {
        _aggregator.Reset();
        _indicators.Reset();
        _returns.Reset();
        _current = TimeframeValues.None;
    }

    private static string Column(string stem, int period) => stem + period.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The latest completed higher bar as the features read it: its log return against the bar before, ln(H/L), its close,
/// the indicator columns (NaN during their warm-up) and the standard deviation of the completed bars' returns.
/// </summary>
internal readonly record struct TimeframeValues(int Completed, double LogReturn, double Range, double Close, double Ema, double Rsi, double Atr, double ReturnStd)
{
    public static TimeframeValues None { get; } = new(0, 0, 0, 0, double.NaN, double.NaN, double.NaN, 0);
}
