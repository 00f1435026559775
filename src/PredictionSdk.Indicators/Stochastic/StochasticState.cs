using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>
/// Stochastic state: raw %K from the highest high and lowest low of <c>period</c> bars, %K = SMA of raw %K over
/// <c>smoothPeriod</c>, %D = SMA of %K over <c>signalPeriod</c>, %J = 3·%K − 2·%D. Copies share arrays: copy only to read.
/// </summary>
internal struct StochasticState
{
    private readonly int _smooth;
    private readonly int _signal;
    private RollingExtremum _highest;
    private RollingExtremum _lowest;
    private RollingWindow _raw;
    private RollingWindow _k;

    public StochasticState(int period, int signalPeriod, int smoothPeriod, StochasticBuffers? buffers = null)
    {
        _smooth = smoothPeriod;
        _signal = signalPeriod;
        _highest = new RollingExtremum(period, isMax: true, buffers?.HighIndex, buffers?.HighValue);
        _lowest = new RollingExtremum(period, isMax: false, buffers?.LowIndex, buffers?.LowValue);
        _raw = new RollingWindow(smoothPeriod, buffer: buffers?.Raw);
        _k = new RollingWindow(signalPeriod, buffer: buffers?.K);
    }

    public readonly bool IsReady => _raw.IsFull;

    public StochasticValues Next(double high, double low, double close)
    {
        _highest.Push(high);
        _lowest.Push(low);
        if (!_highest.IsFull)
        {
            return StochasticValues.None;
        }

        _raw.Push(Raw(_highest.Value, _lowest.Value, close));
        if (!_raw.IsFull)
        {
            return StochasticValues.None;
        }

        double k = _raw.Sum / _smooth;
        _k.Push(k);
        return Combine(k, _k.IsFull ? _k.Sum / _signal : double.NaN);
    }

    public readonly StochasticValues Peek(double high, double low, double close)
    {
        if (_highest.Pushed + 1 < _highest.Period)
        {
            return StochasticValues.None;
        }

        double raw = Raw(_highest.Peek(high), _lowest.Peek(low), close);
        if (_raw.Count + 1 < _smooth)
        {
            return StochasticValues.None;
        }

        double k = _raw.PeekSum(raw) / _smooth;
        return Combine(k, _k.Count + 1 >= _signal ? _k.PeekSum(k) / _signal : double.NaN);
    }

    public void Clear()
    {
        _highest.Clear();
        _lowest.Clear();
        _raw.Clear();
        _k.Clear();
    }

    // A bar range of zero (high = low over the whole window) gives 0, as Stock.Indicators does.
    private static double Raw(double highest, double lowest, double close) =>
        highest - lowest != 0 ? 100 * (close - lowest) / (highest - lowest) : (double.IsNaN(highest - lowest) || double.IsNaN(close) ? double.NaN : 0);

    private static StochasticValues Combine(double k, double d) => new(k, d, double.IsNaN(d) ? double.NaN : (3 * k) - (2 * d));
}

/// <summary>Stochastic values of one bar (NaN for "no value").</summary>
internal readonly record struct StochasticValues(double K, double D, double J)
{
    public static readonly StochasticValues None = new(double.NaN, double.NaN, double.NaN);
}

/// <summary>Pooled scratch arrays for a batch stochastic run.</summary>
internal sealed class StochasticBuffers : IDisposable
{
    public StochasticBuffers(int period, int signalPeriod, int smoothPeriod)
    {
        HighIndex = ArrayPool<long>.Shared.Rent(period);
        LowIndex = ArrayPool<long>.Shared.Rent(period);
        HighValue = ArrayPool<double>.Shared.Rent(period);
        LowValue = ArrayPool<double>.Shared.Rent(period);
        Raw = ArrayPool<double>.Shared.Rent(smoothPeriod);
        K = ArrayPool<double>.Shared.Rent(signalPeriod);
    }

    public long[] HighIndex { get; }

    public long[] LowIndex { get; }

    public double[] HighValue { get; }

    public double[] LowValue { get; }

    public double[] Raw { get; }

    public double[] K { get; }

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(HighIndex);
        ArrayPool<long>.Shared.Return(LowIndex);
        ArrayPool<double>.Shared.Return(HighValue);
        ArrayPool<double>.Shared.Return(LowValue);
        ArrayPool<double>.Shared.Return(Raw);
        ArrayPool<double>.Shared.Return(K);
    }
}
