using System.Runtime.CompilerServices;
using PredictionSdk.Models.Features.Internal;

namespace PredictionSdk.Models.Features;

public sealed partial class FeaturePipeline
{
    private const double Tiny = 1e-12;

    private readonly ExchangeClock _exchangeClock = new();
    private double[] _target = [];
    private double[] _describeIndicators = [];

    /// <summary>
    /// Writes every feature of <paramref name="bar"/>, in a fixed order (the order defines the names), into
    /// <paramref name="target"/>. Each component is asked for its value as if the bar were added (a preview); when
    /// <paramref name="commit"/> the bar is then added to each, so a committed row and a preview are the same arithmetic.
    /// </summary>
    private void ComputeAll(in Candle bar, long gapBars, long count, bool commit, double[] target)
    {
        _target = target;
        _cursor = 0;
        bool describe = _describe is not null;
        double c = bar.Close, o = bar.Open, h = bar.High, l = bar.Low, v = bar.Volume;
        ReadOnlySpan<double> x = describe ? _describeIndicators : commit ? _indicators.Add(bar) : _indicators.Preview(bar);
        var k = _columns;

        // Returns and lags: the history windows hold earlier bars only (index 0 = the previous bar).
        bool hasPrevious = _closes.Count > 0;
        double r1 = hasPrevious ? Math.Log(c / _closes[0]) : 0;
        Emit("ret_1", r1);
        for (int lag = 1; lag <= _lagNames.Length; lag++)
        {
            Emit(_lagNames[lag - 1], _returnLags.Count >= lag ? _returnLags[lag - 1] : 0);
        }

        for (int i = 0; i < _retNames.Length; i++)
        {
            int w = _rollingWindows[i];
            Emit(_retNames[i], _closes.Count >= w ? Math.Log(c / _closes[w - 1]) : 0);
        }

        double lastStd = 0;
        for (int i = 0; i < _meanNames.Length; i++)
        {
            var stats = _returnStats[i];
            var moments = hasPrevious ? stats.PreviewMoments(r1) : stats.Moments();
            Emit(_meanNames[i], Or(moments.Mean, 0));
            Emit(_stdNames[i], Or(moments.StdDev, 0));
            Emit(_skewNames[i], Or(moments.Skewness, 0));
            lastStd = Or(moments.StdDev, 0);
        }

        Emit("ret_1_z", lastStd > Tiny ? r1 / lastStd : 0);

        // Volume.
        double logVolume = Math.Log(1.0 + v);
        for (int i = 0; i < _volumeNames.Length; i++)
        {
            var moments = _logVolumeStats[i].PreviewMoments(logVolume);
            Emit(_volumeNames[i], moments.Count > 1 && moments.StdDev > Tiny ? (logVolume - moments.Mean) / moments.StdDev : 0);
        }

        double volumeShort = _volumeShort.PreviewSum(v) / Math.Min(_volumeShort.Count + 1, VolumePeriodShort);
        double volumeLong = _volumeLong.PreviewSum(v) / Math.Min(_volumeLong.Count + 1, VolumePeriodLong);
        Emit("vol_ratio_5_60", Math.Log((1.0 + volumeShort) / (1.0 + volumeLong)));
        double obv = x[k.Obv];
        double volumeChannel = _volumeChannel.PreviewSum(v);
        Emit("obv_flow_20", _obvHistory.IsFull && volumeChannel > 0 ? (obv - _obvHistory[ChannelPeriod - 1]) / volumeChannel : 0);
        Emit("vwap_dist_session", LogRatio(c, At(x, k.Vwap)));
        Emit("mfi_14", Or((At(x, k.Mfi) - 50.0) / 50.0, 0));

        // Bar shape.
        double range = Math.Log(h / l);
        Emit("hl_range", range);
        Emit("body", Math.Log(c / o));
        Emit("upper_wick", Math.Log(h / Math.Max(o, c)));
        Emit("lower_wick", Math.Log(Math.Min(o, c) / l));
        Emit("close_pos", h > l ? (2.0 * (c - l) / (h - l)) - 1.0 : 0);
        double meanRange = _ranges.PreviewSum(range) / Math.Min(_ranges.Count + 1, VolumePeriodLong);
        Emit("hl_range_ratio_60", meanRange > Tiny ? range / meanRange : 1.0);

        // ATR-normalised moves.
        double atr = At(x, k.Atr);
        Emit("atr_pct_14", Or(atr / c, 0));
        Emit("move_atr_1", atr > 0 && _closes.Count >= 1 ? (c - _closes[0]) / atr : 0);
        Emit("move_atr_5", atr > 0 && _closes.Count >= MoveBarsLong ? (c - _closes[MoveBarsLong - 1]) / atr : 0);

        // Trend.
        Emit("ema_dist_9", LogRatio(c, At(x, k.Ema9)));
        Emit("ema_dist_21", LogRatio(c, At(x, k.Ema21)));
        Emit("ema_dist_50", LogRatio(c, At(x, k.Ema50)));
        Emit("ema_dist_200", LogRatio(c, At(x, k.Ema200)));
        Emit("ema_cross_9_21", LogRatio(At(x, k.Ema9), At(x, k.Ema21)));
        Emit("macd_line", Or(At(x, k.Macd) / c, 0));
        Emit("macd_signal", Or(At(x, k.MacdSignal) / c, 0));
        Emit("macd_hist", Or(At(x, k.MacdHist) / c, 0));

        // Oscillators and channels.
        Emit("rsi_14", Or((At(x, k.Rsi14) - 50.0) / 50.0, 0));
        Emit("rsi_7", Or((At(x, k.Rsi7) - 50.0) / 50.0, 0));
        Emit("stoch_k_14", Or((At(x, k.StochK) - 50.0) / 50.0, 0));
        Emit("stoch_d_3", Or((At(x, k.StochD) - 50.0) / 50.0, 0));
        double upper = At(x, k.BbUpper), middle = At(x, k.BbMiddle), lower = At(x, k.BbLower);
        Emit("bb_pctb_20", upper > lower ? (c - lower) / (upper - lower) : 0.5);
        Emit("bb_width_20", middle > 0 ? Or((upper - lower) / middle, 0) : 0);
        Emit("cci_20", Or(At(x, k.Cci) / 100.0, 0));
        Emit("adx_14", Or(At(x, k.Adx) / 100.0, 0));
        Emit("di_diff_14", Or((At(x, k.PlusDi) - At(x, k.MinusDi)) / 100.0, 0));
        double highest = At(x, k.DcUpper), lowest = At(x, k.DcLower);
        Emit("donchian_pos_20", highest > lowest ? (2.0 * (c - lowest) / (highest - lowest)) - 1.0 : 0);

        // Calendar and session.
        bool stock = Spec.AssetClass == AssetClass.Stock;
        DateTime local = stock && count > 0 ? _exchangeClock.ToExchangeTime(bar.Timestamp) : bar.Timestamp;
        double dayFraction = local.TimeOfDay.TotalMinutes / 1440.0;
        double weekFraction = ((int)local.DayOfWeek + dayFraction) / 7.0;
        Emit("tod_sin", Math.Sin(2 * Math.PI * dayFraction));
        Emit("tod_cos", Math.Cos(2 * Math.PI * dayFraction));
        Emit("dow_sin", Math.Sin(2 * Math.PI * weekFraction));
        Emit("dow_cos", Math.Cos(2 * Math.PI * weekFraction));
        double progress = 0;
        bool inSession = !stock || MarketSession.IsRegular(local, out progress);
        Emit("session_open", inSession ? 1.0 : 0.0);
        Emit("session_progress", progress);
        Emit("bar_gap", Math.Log(Math.Max(gapBars, 1)));

        // Multi-scale: completed higher-interval bars.
        for (int i = 0; i < _timeframes.Length; i++)
        {
            var tf = describe ? TimeframeValues.None : _timeframes[i].Next(bar, commit);
            string[] names = _timeframeNames[i];
            bool any = tf.Completed > 0;
            Emit(names[0], tf.LogReturn);
            Emit(names[1], tf.Range);
            Emit(names[2], any ? LogRatio(c, tf.Ema) : 0);
            Emit(names[3], Or((tf.Rsi - 50.0) / 50.0, 0));
            Emit(names[4], any ? Or(tf.Atr / tf.Close, 0) : 0);
            Emit(names[5], Or(tf.ReturnStd, 0));
        }

        ComputeOrderFlow(bar, volumeLong);
        ComputeContext(bar, commit);

        if (commit && !describe)
        {
            CommitOrderFlow(bar);
            CommitWindows(bar, r1, logVolume, range, obv);
        }
    }

    /// <summary>An indicator column; NaN (warm-up or undefined) reaches the features as NaN and is replaced there by a neutral value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double At(ReadOnlySpan<double> values, int column) => values[column];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Or(double value, double fallback) => double.IsNaN(value) ? fallback : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogRatio(double a, double b) => a > 0 && b > 0 ? Math.Log(a / b) : 0;
}
