using PredictionSdk.Indicators;
using PredictionSdk.Models.Features.Internal;

namespace PredictionSdk.Models.Features;

/// <summary>
/// The pipeline's state is composed, not computed here: the indicators are one <see cref="IndicatorSet"/> per interval,
/// the rolling statistics of derived series (returns, log volumes, ranges) are <see cref="RollingStatistics"/>, and the
/// higher intervals are built by <see cref="CandleAggregator"/>. Every component answers a preview of the open bar
/// with the same arithmetic as its commit, which is what makes <see cref="Preview"/> equal the later
/// <see cref="Update"/> bit for bit.
/// </summary>
public sealed partial class FeaturePipeline
{
    private const int TrendPeriodLong = 200;
    private const int ChannelPeriod = 20;
    private const int OscillatorPeriod = 14;
    private const int VolumePeriodLong = 60;
    private const int VolumePeriodShort = 5;
    private const int MoveBarsLong = 5;

    private readonly Interval _baseInterval;
    private readonly List<RollingStatistics> _windows = [];
    private IndicatorSet _indicators = null!;
    private IndicatorColumns _columns;
    private TimeframeFeatures[] _timeframes = [];
    private RollingStatistics _closes = null!, _returnLags = null!, _volumeShort = null!, _volumeLong = null!;
    private RollingStatistics _volumeChannel = null!, _obvHistory = null!, _ranges = null!;
    private RollingStatistics[] _returnStats = [], _logVolumeStats = [];
    private int[] _rollingWindows = [];
    private string[] _lagNames = [], _retNames = [], _meanNames = [], _stdNames = [], _skewNames = [], _volumeNames = [];
    private string[][] _timeframeNames = [];

    /// <summary>
    /// The indicators behind the base-interval features, with the column names <see cref="IndicatorSetBuilder"/>'s
    /// methods give them (docs/features.md lists which feature reads which column).
    /// </summary>
    internal static IndicatorSetBuilder AddBaseIndicators(IndicatorSetBuilder builder) => builder
        .AddEma(9)
        .AddEma(21)
        .AddEma(50)
        .AddEma(TrendPeriodLong)
        .AddMacd(12, 26, 9)
        .AddRsi(OscillatorPeriod)
        .AddRsi(7)
        .AddStoch(OscillatorPeriod, signalPeriod: 3, smoothPeriod: 1)
        .AddBollingerBands(ChannelPeriod, 2)
        .AddAtr(OscillatorPeriod)
        .AddObv()
        .AddVwap(VwapAnchor.UtcDay)
        .AddAdx(OscillatorPeriod)
        .AddCci(ChannelPeriod)
        .AddMfi(OscillatorPeriod)
        .AddDonchian(ChannelPeriod);

    private void InitializeState(FeatureSpec spec)
    {
        _indicators = AddBaseIndicators(IndicatorSet.CreateBuilder()).Build();
        _columns = IndicatorColumns.Of(_indicators);
        _describeIndicators = new double[_indicators.ColumnCount];
        _describeIndicators.AsSpan().Fill(double.NaN);
        int maxRolling = spec.RollingWindows.Count == 0 ? 1 : spec.RollingWindows.Max();
        _closes = Window(Math.Max(maxRolling, MoveBarsLong));
        _returnLags = Window(Math.Max(spec.ReturnLags, 1));
        _returnStats = spec.RollingWindows.Select(Window).ToArray();
        _logVolumeStats = spec.VolumeWindows.Select(Window).ToArray();
        _volumeShort = Window(VolumePeriodShort);
        _volumeLong = Window(VolumePeriodLong);
        _volumeChannel = Window(ChannelPeriod);
        _obvHistory = Window(ChannelPeriod);
        _ranges = Window(VolumePeriodLong);
        _rollingWindows = [.. spec.RollingWindows];
        _timeframes = spec.MultiScaleIntervals.Select(n => new TimeframeFeatures(Interval.Parse(n), _baseInterval, spec.MultiScalePeriod)).ToArray();
        InitializeOrderFlow(spec);
        InitializeContext(spec);

        string I(FormattableString s) => FormattableString.Invariant(s);
        _lagNames = Enumerable.Range(1, spec.ReturnLags).Select(k => I($"ret_lag_{k}")).ToArray();
        _retNames = spec.RollingWindows.Select(w => I($"ret_{w}")).ToArray();
        _meanNames = spec.RollingWindows.Select(w => I($"ret_mean_{w}")).ToArray();
        _stdNames = spec.RollingWindows.Select(w => I($"ret_std_{w}")).ToArray();
        _skewNames = spec.RollingWindows.Select(w => I($"ret_skew_{w}")).ToArray();
        _volumeNames = spec.VolumeWindows.Select(w => I($"vol_z_{w}")).ToArray();
        int p = spec.MultiScalePeriod;
        _timeframeNames = _timeframes.Select(t => new[]
        {
            I($"ret_{t.Name}"), I($"range_{t.Name}"), I($"ema_dist_{p}_{t.Name}"), I($"rsi_{p}_{t.Name}"), I($"atr_pct_{p}_{t.Name}"), I($"ret_std_{p}_{t.Name}"),
        }).ToArray();
    }

    private RollingStatistics Window(int period)
    {
        var window = new RollingStatistics(period);
        _windows.Add(window);
        return window;
    }

    private static int CoreWarmup(FeatureSpec spec)
    {
        int maxRolling = spec.RollingWindows.Count == 0 ? 0 : spec.RollingWindows.Max();
        int maxVolume = spec.VolumeWindows.Count == 0 ? 0 : spec.VolumeWindows.Max();
        int maxOrderFlow = spec.OrderFlowWindows.Count == 0 ? 0 : spec.OrderFlowWindows.Max();
        // EMA(200) seed; n returns need n + 1 bars; the 60-bar volume and range windows; the OBV change over 20 bars
        // needs the 21st; ADX's first value is on bar 2 × 14; the MACD signal on bar 26 + 9 − 1.
        return new[]
        {
            TrendPeriodLong, maxRolling + 1, spec.ReturnLags + 2, maxVolume, VolumePeriodLong, ChannelPeriod + 1,
            2 * OscillatorPeriod, 26 + 9 - 1, maxOrderFlow,
        }.Max();
    }

    private bool ComponentsReady()
    {
        if (!_indicators.IsReady)
        {
            return false;
        }

        foreach (var timeframe in _timeframes)
        {
            if (!timeframe.IsReady)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Commits the bar to every component whose state the features read before it (called after <see cref="ComputeAll"/>).</summary>
    private void CommitWindows(in Candle bar, double logReturn, double logVolume, double range, double obv)
    {
        if (_closes.Count > 0)
        {
            _returnLags.Add(logReturn);
            foreach (var stats in _returnStats)
            {
                stats.Add(logReturn);
            }
        }

        foreach (var stats in _logVolumeStats)
        {
            stats.Add(logVolume);
        }

        _closes.Add(bar.Close);
        _volumeShort.Add(bar.Volume);
        _volumeLong.Add(bar.Volume);
        _volumeChannel.Add(bar.Volume);
        _obvHistory.Add(obv);
        _ranges.Add(range);
    }

    private void ResetState()
    {
        _indicators.Reset();
        _windows.ForEach(w => w.Reset());
        foreach (var timeframe in _timeframes)
        {
            timeframe.Reset();
        }
    }

    /// <summary>Positions of the base indicator set's columns.</summary>
    private readonly record struct IndicatorColumns(
        int Ema9, int Ema21, int Ema50, int Ema200, int Macd, int MacdSignal, int MacdHist, int Rsi14, int Rsi7,
        int StochK, int StochD, int BbUpper, int BbMiddle, int BbLower, int Atr, int Obv, int Vwap,
        int Adx, int PlusDi, int MinusDi, int Cci, int Mfi, int DcUpper, int DcLower)
    {
        public static IndicatorColumns Of(IndicatorSet set)
        {
            int At(string column) => set.IndexOf(column) is var i and >= 0 ? i : throw new InvalidOperationException($"The feature indicator set has no column '{column}'.");
            return new IndicatorColumns(
                At("ema9"), At("ema21"), At("ema50"), At("ema200"), At("macd"), At("macd_signal"), At("macd_hist"), At("rsi14"), At("rsi7"),
                At("stoch_k"), At("stoch_d"), At("bb_upper"), At("bb_middle"), At("bb_lower"), At("atr14"), At("obv"), At("vwap_session"),
                At("adx14"), At("plus_di14"), At("minus_di14"), At("cci20"), At("mfi14"), At("dc_upper"), At("dc_lower"));
        }
    }
}
