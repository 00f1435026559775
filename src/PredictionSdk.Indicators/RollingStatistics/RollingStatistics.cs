namespace PredictionSdk.Indicators;

/// <summary>
/// The last <c>period</c> values of any series (log returns, log volumes, bar ranges, an indicator's output) with
/// their sum, mean, population standard deviation and skewness, and a preview of each as if one more value were
/// added. Sums are running (O(1)); the moments are computed in two passes over the window, oldest first (O(period)),
/// so a flat window has a standard deviation of exactly 0 and a preview equals the later commit bit for bit.
/// </summary>
/// <remarks>
/// A non-finite value is held like any other: while it is in the window the sum and moments are NaN.
/// Not thread-safe; no allocation after construction.
/// </remarks>
public sealed class RollingStatistics
{
    private RollingWindow _window;

    /// <summary>Creates an empty window.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    public RollingStatistics(int period)
    {
        IndicatorGuard.Period(period);
        _window = new RollingWindow(period);
    }

    /// <summary>Window length.</summary>
    public int Period => _window.Capacity;

    /// <summary>Values held, at most <see cref="Period"/>.</summary>
    public int Count => _window.Count;

    /// <summary>True once <see cref="Period"/> values are held.</summary>
    public bool IsFull => _window.IsFull;

    /// <summary>Sum of the held values (0 when empty).</summary>
    public double Sum => _window.Sum;

    /// <summary>The value added <paramref name="ago"/> additions back (0 = the newest).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ago"/> is negative or not below <see cref="Count"/>.</exception>
    public double this[int ago]
    {
        get
        {
            if ((uint)ago >= (uint)_window.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ago), ago, $"The window holds {_window.Count} values; 'ago' must be between 0 and {_window.Count - 1}.");
            }

            return _window.Back(ago);
        }
    }

    /// <summary>Adds <paramref name="value"/>, dropping the oldest value once the window is full.</summary>
    public void Add(double value) => _window.Push(value);

    /// <summary>Moments of the held values.</summary>
    public RollingMoments Moments() => RollingMoments.From(_window.CentralMoments(), _window.Count);

    /// <summary>The sum as if <paramref name="value"/> were added now; nothing changes.</summary>
    public double PreviewSum(double value) => _window.PeekSum(value);

    /// <summary>The moments as if <paramref name="value"/> were added now; nothing changes.</summary>
    public RollingMoments PreviewMoments(double value) =>
        RollingMoments.From(_window.PeekCentralMoments(value), Math.Min(_window.Count + 1, _window.Capacity));

    /// <summary>Forgets every value.</summary>
    public void Reset() => _window.Clear();
}
