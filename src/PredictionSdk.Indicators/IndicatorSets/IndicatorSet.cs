namespace PredictionSdk.Indicators;

/// <summary>
/// A configured group of streaming indicators updated together, one bar at a time, without allocating.
/// Every indicator writes its values into named columns (e.g. <c>sma20</c>, <c>macd_signal</c>); the latest committed
/// values are read by name or as a span, and <see cref="Preview"/> fills a separate span for the still-open bar.
/// NaN marks a column in warm-up. Not thread-safe: one set per symbol and interval, fed from one thread.
/// </summary>
/// <example>
/// <code>
/// var set = IndicatorSet.CreateDefault();
/// foreach (Candle bar in history) set.Add(bar);
/// double rsi = set["rsi14"];
/// ReadOnlySpan&lt;double&gt; live = set.Preview(openBar);
/// </code>
/// </example>
public sealed class IndicatorSet
{
    private readonly IndicatorSlot[] _slots;
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _index;
    private readonly double[] _values;
    private readonly double[] _preview;
    private BarClock _clock;

    internal IndicatorSet(IndicatorSlot[] slots, string[] columns)
    {
        _slots = slots;
        _columns = columns;
        _index = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            _index.Add(columns[i], i);
        }

        _values = new double[columns.Length];
        _preview = new double[columns.Length];
        _values.AsSpan().Fill(double.NaN);
        _preview.AsSpan().Fill(double.NaN);
    }

    /// <summary>Column names, in the order of <see cref="Values"/>.</summary>
    public IReadOnlyList<string> ColumnNames => _columns;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Bars committed so far.</summary>
    public int Count => _clock.Count;

    /// <summary>True once every indicator in the set is ready.</summary>
    public bool IsReady
    {
        get
        {
            foreach (IndicatorSlot slot in _slots)
            {
                if (!slot.IsReady)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Latest committed values, one per column (NaN during warm-up).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Values of the latest <see cref="Preview"/>, one per column.</summary>
    public ReadOnlySpan<double> PreviewValues => _preview;

    /// <summary>Latest committed value of <paramref name="column"/> (NaN during warm-up).</summary>
    /// <exception cref="KeyNotFoundException">The set has no such column.</exception>
    public double this[string column] => _values[IndexOf(column) is var i and >= 0 ? i : throw Unknown(column)];

    /// <summary>Position of <paramref name="column"/> in <see cref="Values"/>, or −1.</summary>
    public int IndexOf(string column) => _index.TryGetValue(column, out int i) ? i : -1;

    /// <summary>Latest committed value of <paramref name="column"/>, if the set has that column.</summary>
    public bool TryGetValue(string column, out double value)
    {
        int i = IndexOf(column);
        value = i >= 0 ? _values[i] : double.NaN;
        return i >= 0;
    }

    /// <summary>Commits a closed bar to every indicator and returns the new values. No allocation.</summary>
    /// <exception cref="CandleOrderException">The bar is not newer than the last committed one; nothing changes.</exception>
    public ReadOnlySpan<double> Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        Span<double> values = _values;
        foreach (IndicatorSlot slot in _slots)
        {
            slot.Add(candle, values);
        }

        _clock.Commit(candle.Timestamp);
        return _values;
    }

    /// <summary>Values as if <paramref name="candle"/> (the open bar) closed now; no indicator changes. No allocation.</summary>
    /// <exception cref="CandleOrderException">The bar is not newer than the last committed one.</exception>
    public ReadOnlySpan<double> Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        Span<double> preview = _preview;
        foreach (IndicatorSlot slot in _slots)
        {
            slot.Preview(candle, preview);
        }

        return _preview;
    }

    /// <summary>Forgets every bar.</summary>
    public void Reset()
    {
        foreach (IndicatorSlot slot in _slots)
        {
            slot.Reset();
        }

        _values.AsSpan().Fill(double.NaN);
        _preview.AsSpan().Fill(double.NaN);
        _clock.Clear();
    }

    /// <summary>A builder for a custom set.</summary>
    public static IndicatorSetBuilder CreateBuilder() => new();

    /// <summary>
    /// The standard set: every indicator with its default parameters, columns named as in <see cref="StandardColumns"/>.
    /// </summary>
    public static IndicatorSet CreateDefault() => new IndicatorSetBuilder().AddStandard().Build();

    /// <summary>Column names of <see cref="CreateDefault"/>, in order.</summary>
    public static IReadOnlyList<string> StandardColumns { get; } = CreateDefault().ColumnNames;

    private static KeyNotFoundException Unknown(string column) => new($"The indicator set has no column '{column}'.");
}
