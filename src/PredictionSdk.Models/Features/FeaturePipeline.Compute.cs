using PredictionSdk.Models.Features.Internal;

namespace PredictionSdk.Models.Features;

public sealed partial class FeaturePipeline
{
    private const double Tiny = 1e-12;

    private readonly ExchangeClock _exchangeClock = new();

    /// <summary>Writes every feature, in a fixed order, from the state after <paramref name="bar"/>. The order defines the names.</summary>
    private void ComputeAll(in Candle bar, long gapBars, long count)
    {
        _cursor = 0;
        double c = bar.Close, o = bar.Open, h = bar.High, l = bar.Low;

        // Returns and lags.
        double r1 = _returns.Count > 0 ? _returns[0] : 0;
        Emit("ret_1", r1);
        for (int k = 1; k <= _lagNames.Length; k++)
        {
            Emit(_lagNames[k - 1], _returns.Count > k ? _returns[k] : 0);
        }

        for (int i = 0; i < _retNames.Length; i++)
        {
            int w = _rollingWindows[i];
            Emit(_retNames[i], _closes.Count > w ? Math.Log(c / _closes[w]) : 0);
        }

        double lastStd = 0;
        for (int i = 0; i < _meanNames.Length; i++)
        {
            int n = Math.Min(_returns.Count, _rollingWindows[i]);
            var (mean, std, skew) = n > 0 ? _returns.Moments(n) : (0, 0, 0);
            Emit(_meanNames[i], mean);
            Emit(_stdNames[i], std);
            Emit(_skewNames[i], skew);
            lastStd = std;
        }

        Emit("ret_1_z", lastStd > Tiny ? r1 / lastStd : 0);

        // Volume.
        for (int i = 0; i < _volumeNames.Length; i++)
        {
            int n = Math.Min(_logVolumes.Count, _volumeWindows[i]);
            double z = 0;
            if (n > 1)
            {
                var (mean, std) = _logVolumes.MeanStd(n);
                z = std > Tiny ? (_logVolumes[0] - mean) / std : 0;
            }

            Emit(_volumeNames[i], z);
        }

        int n5 = Math.Min(_volumes.Count, 5), n20 = Math.Min(_volumes.Count, ChannelPeriod), n60 = Math.Min(_volumes.Count, VwapPeriod);
        // Mean(n) is Sum(n) / n with the same summation order, so each window is summed once.
        double volume60 = n60 > 0 ? _volumes.Sum(n60) : 0;
        Emit("vol_ratio_5_60", n5 > 0 ? Math.Log((1.0 + _volumes.Mean(n5)) / (1.0 + (volume60 / n60))) : 0);
        double volume20 = n20 > 0 ? _volumes.Sum(n20) : 0;
        Emit("obv_flow_20", volume20 > 0 ? _signedVolumes.Sum(n20) / volume20 : 0);
        double vwap = volume60 > 0 ? _typicalVolume.Sum(n60) / volume60 : bar.TypicalPrice;
        Emit("vwap_dist_60", vwap > 0 ? Math.Log(c / vwap) : 0);
        int nFlow = _positiveFlow.Count;
        double positive = nFlow > 0 ? _positiveFlow.Sum(nFlow) : 0, negative = nFlow > 0 ? _negativeFlow.Sum(nFlow) : 0;
        Emit("mfi_14", positive + negative > 0 ? (100.0 * positive / (positive + negative) - 50.0) / 50.0 : 0);

        // Bar shape.
        double range = h > 0 && l > 0 ? Math.Log(h / l) : 0;
        Emit("hl_range", range);
        Emit("body", o > 0 ? Math.Log(c / o) : 0);
        Emit("upper_wick", Math.Log(h / Math.Max(o, c)));
        Emit("lower_wick", Math.Log(Math.Min(o, c) / l));
        Emit("close_pos", h > l ? (2.0 * (c - l) / (h - l)) - 1.0 : 0);
        double meanRange = _ranges.Count > 0 ? _ranges.Mean(Math.Min(_ranges.Count, VwapPeriod)) : 0;
        Emit("hl_range_ratio_60", meanRange > Tiny ? range / meanRange : 1.0);

        // ATR-normalised moves.
        double atr = _atr14.Value;
        Emit("atr_pct_14", c > 0 ? atr / c : 0);
        Emit("move_atr_1", atr > 0 && _closes.Count > 1 ? (c - _closes[1]) / atr : 0);
        Emit("move_atr_5", atr > 0 && _closes.Count > 5 ? (c - _closes[5]) / atr : 0);

        // Trend.
        Emit("ema_dist_9", LogRatio(c, _ema9.Value));
        Emit("ema_dist_21", LogRatio(c, _ema21.Value));
        Emit("ema_dist_50", LogRatio(c, _ema50.Value));
        Emit("ema_dist_200", LogRatio(c, _ema200.Value));
        Emit("ema_cross_9_21", LogRatio(_ema9.Value, _ema21.Value));
        double macd = _ema12.Value - _ema26.Value, signal = _macdSignal.Value;
        Emit("macd_line", c > 0 ? macd / c : 0);
        Emit("macd_signal", c > 0 ? signal / c : 0);
        Emit("macd_hist", c > 0 ? (macd - signal) / c : 0);

        // Oscillators and channels.
        Emit("rsi_14", (_rsi14.Value - 50.0) / 50.0);
        Emit("rsi_7", (_rsi7.Value - 50.0) / 50.0);
        Emit("stoch_k_14", _stochK.Count > 0 ? (_stochK[0] - 50.0) / 50.0 : 0);
        Emit("stoch_d_3", _stochK.Count > 0 ? (_stochK.Mean(_stochK.Count) - 50.0) / 50.0 : 0);
        int nBand = Math.Min(_closes.Count, ChannelPeriod);
        var (bandMean, bandStd) = nBand > 0 ? _closes.MeanStd(nBand) : (c, 0);
        Emit("bb_pctb_20", bandStd > 0 ? (c - (bandMean - (2 * bandStd))) / (4 * bandStd) : 0.5);
        Emit("bb_width_20", bandMean > 0 ? 4 * bandStd / bandMean : 0);
        Emit("cci_20", Cci(bar.TypicalPrice) / 100.0);
        (double plusDi, double minusDi) = DirectionalIndexes();
        Emit("adx_14", _adx.Value / 100.0);
        Emit("di_diff_14", (plusDi - minusDi) / 100.0);
        int nChannel = Math.Min(_highs.Count, ChannelPeriod);
        double highest = nChannel > 0 ? _highs.Max(nChannel) : h, lowest = nChannel > 0 ? _lows.Min(nChannel) : l;
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
            var tf = _timeframes[i];
            string[] names = _timeframeNames[i];
            bool any = tf.CompletedBars > 0;
            Emit(names[0], tf.LastReturn);
            Emit(names[1], tf.LastRange);
            Emit(names[2], any ? LogRatio(c, tf.Ema) : 0);
            Emit(names[3], (tf.Rsi - 50.0) / 50.0);
            Emit(names[4], any ? tf.Atr / tf.LastClose : 0);
            Emit(names[5], tf.ReturnStd);
        }
    }

    private static double LogRatio(double a, double b) => a > 0 && b > 0 ? Math.Log(a / b) : 0;

    private double Cci(double typical)
    {
        int n = Math.Min(_typical.Count, ChannelPeriod);
        if (n == 0)
        {
            return 0;
        }

        double mean = _typical.Mean(n);
        double deviation = _typical.MeanAbsoluteDeviation(n, mean);
        return deviation > 0 ? (typical - mean) / (0.015 * deviation) : 0;
    }
}
