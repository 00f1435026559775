namespace PredictionSdk.Indicators;

/// <summary>
/// The last <c>period</c> typical prices and the CCI they give. The mean deviation needs the whole window, so each
/// bar costs O(period); sums run oldest to newest, so batch, streaming and preview agree bit for bit.
/// The ring is shared by copies of this struct: <see cref="Peek"/> only reads it.
/// </summary>
internal struct CciState
{
    private readonly double[] _ring;
    private readonly int _period;
    private int _next;
    private int _count;

    /// <param name="period">Window length.</param>
    /// <param name="buffer">Storage of at least <paramref name="period"/> values (e.g. pooled); a new array when null.</param>
    public CciState(int period, double[]? buffer = null)
    {
        _period = period;
        _ring = buffer ?? new double[period];
    }

    /// <summary>Bars committed so far.</summary>
    public readonly int Count => _count;

    /// <summary>Commits a typical price and returns the CCI (NaN during warm-up or when the mean deviation is zero).</summary>
    public double Next(double typicalPrice)
    {
        double cci = Peek(typicalPrice);
        _ring[_next] = typicalPrice;
        _next = _next + 1 == _period ? 0 : _next + 1;
        if (_count < _period)
        {
            _count++;
        }

        return cci;
    }

    /// <summary>The CCI as if <paramref name="typicalPrice"/> were committed now; state is unchanged.</summary>
    public readonly double Peek(double typicalPrice)
    {
        if (_count + 1 < _period)
        {
            return double.NaN;
        }

        // The window: the last period − 1 committed values, oldest first (slots after _next, then before it), then the new one.
        return Cci.Evaluate(_ring.AsSpan(_next + 1, _period - _next - 1), _ring.AsSpan(0, _next), typicalPrice, _period);
    }

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _next = 0;
        _count = 0;
    }
}
