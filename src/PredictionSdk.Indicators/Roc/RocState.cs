namespace PredictionSdk.Indicators;

/// <summary>The last <c>period</c> closes, enough to compare each close with the one <c>period</c> bars earlier.</summary>
internal struct RocState
{
    private readonly double[] _ring;
    private readonly int _period;
    private int _next;
    private int _count;

    /// <param name="period">Look-back.</param>
    /// <param name="buffer">Storage of at least <paramref name="period"/> values (e.g. pooled); a new array when null.</param>
    public RocState(int period, double[]? buffer = null)
    {
        _period = period;
        _ring = buffer ?? new double[period];
    }

    /// <summary>Bars committed so far.</summary>
    public readonly int Count => _count;

    /// <summary>Commits a close and returns momentum and ROC (NaN during warm-up).</summary>
    public (double Momentum, double Roc) Next(double close)
    {
        (double Momentum, double Roc) result = Peek(close);
        _ring[_next] = close;
        _next = _next + 1 == _period ? 0 : _next + 1;
        if (_count < _period)
        {
            _count++;
        }

        return result;
    }

    /// <summary>Momentum and ROC as if <paramref name="close"/> were committed now; state is unchanged.</summary>
    public readonly (double Momentum, double Roc) Peek(double close) =>
        _count < _period ? (double.NaN, double.NaN) : Roc.Evaluate(close, _ring[_next]);

    /// <summary>Forgets every bar.</summary>
    public void Clear()
    {
        _next = 0;
        _count = 0;
    }
}
