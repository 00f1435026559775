using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>Pooled storage for one <see cref="RollingExtremum"/> in a span core; dispose to return it.</summary>
internal readonly struct ExtremumBuffers : IDisposable
{
    private readonly long[] _index;
    private readonly double[] _value;

    public ExtremumBuffers(int period)
    {
        _index = ArrayPool<long>.Shared.Rent(period);
        _value = ArrayPool<double>.Shared.Rent(period);
    }

    /// <summary>A rolling extremum over <paramref name="period"/> values backed by these buffers.</summary>
    public RollingExtremum Create(int period, bool isMax) => new(period, isMax, _index, _value);

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(_index);
        ArrayPool<double>.Shared.Return(_value);
    }
}
