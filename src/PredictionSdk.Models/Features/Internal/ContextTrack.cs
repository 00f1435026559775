using PredictionSdk.Indicators;

namespace PredictionSdk.Models.Features.Internal;

/// <summary>
/// One context symbol's state inside a <see cref="FeaturePipeline"/>: its own rolling windows, and the feature values of
/// its latest bars by open time, so that a target bar reads the newest context bar opening at or before its own (an
/// as-of join, whatever the order in which the two feeds arrive). Only the symbol's own candles enter its values.
/// </summary>
internal sealed class ContextTrack
{
    /// <summary>Bars of values kept for the as-of join; a target bar older than these cannot be served (it is stale anyway).</summary>
    private const int HistoryBars = 256;
    private const int LongWindow = 15;
    private const int ShortWindow = 5;

    private readonly RollingStatistics _closes = new(LongWindow);
    private readonly RollingStatistics _returnsShort = new(ShortWindow), _returnsLong = new(LongWindow);
    private readonly RollingStatistics _buyShort = new(ShortWindow), _buyLong = new(ShortWindow * 3);
    private readonly RollingStatistics _volumeShort = new(ShortWindow), _volumeLong = new(ShortWindow * 3);
    private readonly DateTime[] _times = new DateTime[HistoryBars];
    private readonly long[] _numbers = new long[HistoryBars];
    private readonly double[] _values;
    private readonly bool _orderFlow;
    private int _held;
    private int _newest = -1;

    public ContextTrack(string symbol, bool orderFlow)
    {
        Symbol = symbol;
        _orderFlow = orderFlow;
        ValueNames = orderFlow
            ? ["ret_1", "ret_5", "ret_15", "rv_5", "rv_15", "taker_buy_share_5", "taker_buy_share_15"]
            : ["ret_1", "ret_5", "ret_15", "rv_5", "rv_15"];
        _values = new double[HistoryBars * ValueNames.Count];
    }

    public string Symbol { get; }

    /// <summary>Names of the values of one bar, without the symbol prefix, in column order (the age column follows them).</summary>
    public IReadOnlyList<string> ValueNames { get; }

    /// <summary>Bars accepted.</summary>
    public long Bars { get; private set; }

    /// <summary>Open time of the newest accepted bar.</summary>
    public DateTime? Last => _newest < 0 ? null : _times[_newest];

    /// <summary>A bar's values have their full look-back once more than this many bars came before it.</summary>
    public const int WarmupBars = LongWindow;

    /// <summary>Computes and stores the values of <paramref name="bar"/> (validated and in order), then commits it to the windows.</summary>
    public void Add(in Candle bar)
    {
        int slot = (_newest + 1) % HistoryBars;
        var values = _values.AsSpan(slot * ValueNames.Count, ValueNames.Count);
        double c = bar.Close;
        bool hasPrevious = _closes.Count > 0;
        double r1 = hasPrevious ? Math.Log(c / _closes[0]) : 0;
        values[0] = r1;
        values[1] = _closes.Count >= ShortWindow ? Math.Log(c / _closes[ShortWindow - 1]) : 0;
        values[2] = _closes.Count >= LongWindow ? Math.Log(c / _closes[LongWindow - 1]) : 0;
        values[3] = hasPrevious ? Or(_returnsShort.PreviewMoments(r1).StdDev) : 0;
        values[4] = hasPrevious ? Or(_returnsLong.PreviewMoments(r1).StdDev) : 0;
        if (_orderFlow)
        {
            values[5] = Share(_buyShort.PreviewSum(bar.TakerBuyVolume), _volumeShort.PreviewSum(bar.Volume));
            values[6] = Share(_buyLong.PreviewSum(bar.TakerBuyVolume), _volumeLong.PreviewSum(bar.Volume));
            _buyShort.Add(bar.TakerBuyVolume);
            _buyLong.Add(bar.TakerBuyVolume);
            _volumeShort.Add(bar.Volume);
            _volumeLong.Add(bar.Volume);
        }

        if (hasPrevious)
        {
            _returnsShort.Add(r1);
            _returnsLong.Add(r1);
        }

        _closes.Add(c);
        _times[slot] = bar.Timestamp;
        _numbers[slot] = Bars;
        _newest = slot;
        _held = Math.Min(_held + 1, HistoryBars);
        Bars++;
    }

    /// <summary>The values of the newest bar opening at or before <paramref name="time"/>, its open time and how many bars came before it.</summary>
    public bool TryGetAsOf(DateTime time, out ReadOnlySpan<double> values, out DateTime openTime, out long number)
    {
        for (int back = 0; back < _held; back++)
        {
            int slot = ((_newest - back) % HistoryBars + HistoryBars) % HistoryBars;
            if (_times[slot] <= time)
            {
                values = _values.AsSpan(slot * ValueNames.Count, ValueNames.Count);
                openTime = _times[slot];
                number = _numbers[slot];
                return true;
            }
        }

        values = default;
        openTime = default;
        number = 0;
        return false;
    }

    public void Reset()
    {
        foreach (var window in new[] { _closes, _returnsShort, _returnsLong, _buyShort, _buyLong, _volumeShort, _volumeLong })
        {
            window.Reset();
        }

        _held = 0;
        _newest = -1;
        Bars = 0;
    }

    // Centred share of the window's volume bought by takers: +1 all taker buys, −1 all taker sells, 0 without trades.
    private static double Share(double bought, double traded) => traded > 0 ? (2.0 * bought / traded) - 1.0 : 0;

    private static double Or(double value) => double.IsNaN(value) ? 0 : value;
}
