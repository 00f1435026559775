using PredictionSdk.Models.Features.Internal;

namespace PredictionSdk.Models.Features;

public sealed partial class FeaturePipeline
{
    private const int TrendPeriodLong = 200;
    private const int ChannelPeriod = 20;
    private const int OscillatorPeriod = 14;
    private const int VwapPeriod = 60;

    private readonly Interval _baseInterval;
    private readonly List<RollingWindow> _rings = [];
    private readonly List<Smoother> _smoothers = [];
    private TimeframeState[] _timeframes = [];
    private RollingWindow _closes = null!, _returns = null!, _logVolumes = null!, _volumes = null!, _ranges = null!;
    private RollingWindow _highs = null!, _lows = null!, _stochK = null!, _typical = null!, _signedVolumes = null!;
    private RollingWindow _typicalVolume = null!, _positiveFlow = null!, _negativeFlow = null!;
    private Smoother _ema9 = null!, _ema21 = null!, _ema50 = null!, _ema200 = null!, _ema12 = null!, _ema26 = null!, _macdSignal = null!;
    private Smoother _plusDm = null!, _minusDm = null!, _trueRange = null!, _adx = null!;
    private RsiState _rsi14 = null!, _rsi7 = null!;
    private AtrState _atr14 = null!;
    private PreviousBar _previous;
    private int[] _rollingWindows = [], _volumeWindows = [];
    private string[] _lagNames = [], _retNames = [], _meanNames = [], _stdNames = [], _skewNames = [], _volumeNames = [];
    private string[][] _timeframeNames = [];

    private void InitializeState(FeatureSpec spec)
    {
        int maxRolling = spec.RollingWindows.Count == 0 ? 1 : spec.RollingWindows.Max();
        int maxVolume = spec.VolumeWindows.Count == 0 ? 1 : spec.VolumeWindows.Max();
        _closes = Ring(Math.Max(maxRolling + 1, Math.Max(ChannelPeriod + 1, 6)));
        _returns = Ring(Math.Max(maxRolling, spec.ReturnLags + 1));
        _logVolumes = Ring(maxVolume);
        _volumes = Ring(Math.Max(VwapPeriod, ChannelPeriod));
        _ranges = Ring(VwapPeriod);
        _highs = Ring(ChannelPeriod);
        _lows = Ring(ChannelPeriod);
        _stochK = Ring(3);
        _typical = Ring(ChannelPeriod);
        _signedVolumes = Ring(ChannelPeriod);
        _typicalVolume = Ring(VwapPeriod);
        _positiveFlow = Ring(OscillatorPeriod);
        _negativeFlow = Ring(OscillatorPeriod);
        _ema9 = Smooth(9);
        _ema21 = Smooth(21);
        _ema50 = Smooth(50);
        _ema200 = Smooth(TrendPeriodLong);
        _ema12 = Smooth(12);
        _ema26 = Smooth(26);
        _macdSignal = Smooth(9);
        _plusDm = Smooth(OscillatorPeriod, wilder: true);
        _minusDm = Smooth(OscillatorPeriod, wilder: true);
        _trueRange = Smooth(OscillatorPeriod, wilder: true);
        _adx = Smooth(OscillatorPeriod, wilder: true);
        _rsi14 = new RsiState(OscillatorPeriod);
        _rsi7 = new RsiState(7);
        _atr14 = new AtrState(OscillatorPeriod);
        _rollingWindows = [.. spec.RollingWindows];
        _volumeWindows = [.. spec.VolumeWindows];
        _timeframes = spec.MultiScaleIntervals.Select(n => new TimeframeState(Interval.Parse(n), _baseInterval, spec.MultiScalePeriod)).ToArray();

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

    private static int CoreWarmup(FeatureSpec spec)
    {
        int maxRolling = spec.RollingWindows.Count == 0 ? 0 : spec.RollingWindows.Max();
        int maxVolume = spec.VolumeWindows.Count == 0 ? 0 : spec.VolumeWindows.Max();
        // EMA(200) seed; returns need one extra bar; MACD signal = 26 + 9 - 1; ADX = 2 × 14.
        return new[] { TrendPeriodLong, maxRolling + 1, spec.ReturnLags + 2, maxVolume, VwapPeriod + 1, 2 * OscillatorPeriod + 1, 26 + 9, ChannelPeriod + 1 }.Max();
    }

    private bool TimeframesReady()
    {
        foreach (var timeframe in _timeframes)
        {
            if (!timeframe.IsReady)
            {
                return false;
            }
        }

        return true;
    }

    private RollingWindow Ring(int capacity)
    {
        var ring = new RollingWindow(capacity);
        _rings.Add(ring);
        return ring;
    }

    private Smoother Smooth(int period, bool wilder = false)
    {
        var smoother = new Smoother(period, wilder);
        _smoothers.Add(smoother);
        return smoother;
    }

    private void AdvanceState(in Candle bar)
    {
        double c = bar.Close, h = bar.High, l = bar.Low, v = bar.Volume;
        double typical = bar.TypicalPrice;
        if (_previous.Exists)
        {
            _returns.Add(Math.Log(c / _previous.Close));
            double flow = typical * v;
            _positiveFlow.Add(typical > _previous.Typical ? flow : 0);
            _negativeFlow.Add(typical < _previous.Typical ? flow : 0);

            double up = h - _previous.High, down = _previous.Low - l;
            _plusDm.Add(up > down && up > 0 ? up : 0);
            _minusDm.Add(down > up && down > 0 ? down : 0);
            _trueRange.Add(Math.Max(h - l, Math.Max(Math.Abs(h - _previous.Close), Math.Abs(l - _previous.Close))));
            if (_trueRange.IsReady)
            {
                (double plus, double minus) = DirectionalIndexes();
                double sum = plus + minus;
                _adx.Add(sum > 0 ? 100.0 * Math.Abs(plus - minus) / sum : 0);
            }

            _signedVolumes.Add(Math.Sign(c - _previous.Close) * v);
        }
        else
        {
            _signedVolumes.Add(0);
        }

        _closes.Add(c);
        _logVolumes.Add(Math.Log(1.0 + v));
        _volumes.Add(v);
        _ranges.Add(Math.Log(h / l));
        _highs.Add(h);
        _lows.Add(l);
        _typical.Add(typical);
        _typicalVolume.Add(typical * v);
        if (_highs.Count >= OscillatorPeriod)
        {
            double hh = _highs.Max(OscillatorPeriod), ll = _lows.Min(OscillatorPeriod);
            _stochK.Add(hh > ll ? 100.0 * (c - ll) / (hh - ll) : 50.0);
        }

        _ema9.Add(c);
        _ema21.Add(c);
        _ema50.Add(c);
        _ema200.Add(c);
        _ema12.Add(c);
        _ema26.Add(c);
        if (_ema26.IsReady)
        {
            _macdSignal.Add(_ema12.Value - _ema26.Value);
        }

        _rsi14.Add(c);
        _rsi7.Add(c);
        _atr14.Add(h, l, c);
        foreach (var timeframe in _timeframes)
        {
            timeframe.Add(bar);
        }

        _previous = new PreviousBar(true, c, h, l, typical);
    }

    private (double Plus, double Minus) DirectionalIndexes()
    {
        double tr = _trueRange.Value;
        return tr > 0 ? (100.0 * _plusDm.Value / tr, 100.0 * _minusDm.Value / tr) : (0, 0);
    }

    private void ResetState()
    {
        _rings.ForEach(r => r.Reset());
        _smoothers.ForEach(s => s.Reset());
        _rsi14.Reset();
        _rsi7.Reset();
        _atr14.Reset();
        foreach (var timeframe in _timeframes)
        {
            timeframe.Reset();
        }

        _previous = default;
    }

    private void CopyStateFrom(FeaturePipeline other)
    {
        for (int i = 0; i < _rings.Count; i++)
        {
            _rings[i].CopyFrom(other._rings[i]);
        }

        for (int i = 0; i < _smoothers.Count; i++)
        {
            _smoothers[i].CopyFrom(other._smoothers[i]);
        }

        _rsi14.CopyFrom(other._rsi14);
        _rsi7.CopyFrom(other._rsi7);
        _atr14.CopyFrom(other._atr14);
        for (int i = 0; i < _timeframes.Length; i++)
        {
            _timeframes[i].CopyFrom(other._timeframes[i]);
        }

        _previous = other._previous;
        _count = other._count;
        _lastTimestamp = other._lastTimestamp;
    }

    private readonly record struct PreviousBar(bool Exists, double Close, double High, double Low, double Typical);
}
