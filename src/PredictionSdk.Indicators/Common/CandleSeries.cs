using System.Buffers;
using System.Runtime.InteropServices;

namespace PredictionSdk.Indicators;

/// <summary>The candle fields a batch computation needs.</summary>
[Flags]
internal enum CandleFields
{
    None = 0,
    Open = 1,
    High = 2,
    Low = 4,
    Close = 8,
    Volume = 16,
    HighLowClose = High | Low | Close,
    All = Open | High | Low | Close | Volume,
}

/// <summary>
/// Batch input turned into columns (pooled arrays) after checking that timestamps strictly increase.
/// Only the requested fields are copied. Dispose returns every buffer, outputs included, to the pool.
/// </summary>
internal sealed class CandleSeries : IDisposable
{
    private readonly DateTime[] _timestamps;
    private readonly double[]?[] _columns = new double[]?[5];
    private readonly List<double[]> _outputs = [];

    private CandleSeries(int count)
    {
        Count = count;
        _timestamps = ArrayPool<DateTime>.Shared.Rent(Math.Max(count, 1));
    }

    /// <summary>Number of candles.</summary>
    public int Count { get; }

    /// <summary>Bar timestamps, strictly increasing.</summary>
    public ReadOnlySpan<DateTime> Timestamps => _timestamps.AsSpan(0, Count);

    /// <summary>Open prices.</summary>
    public ReadOnlySpan<double> Open => Column(0, nameof(Open));

    /// <summary>High prices.</summary>
    public ReadOnlySpan<double> High => Column(1, nameof(High));

    /// <summary>Low prices.</summary>
    public ReadOnlySpan<double> Low => Column(2, nameof(Low));

    /// <summary>Close prices.</summary>
    public ReadOnlySpan<double> Close => Column(3, nameof(Close));

    /// <summary>Volumes.</summary>
    public ReadOnlySpan<double> Volume => Column(4, nameof(Volume));

    /// <summary>Validates the order and copies the requested fields. Throws <see cref="CandleOrderException"/> on unsorted or duplicate timestamps.</summary>
    public static CandleSeries From(IEnumerable<Candle> candles, CandleFields fields)
    {
        ArgumentNullException.ThrowIfNull(candles);
        return candles switch
        {
            Candle[] array => From(array.AsSpan(), fields),
            List<Candle> list => From(CollectionsMarshal.AsSpan(list), fields),
            _ => From(candles.ToArray().AsSpan(), fields),
        };
    }

    /// <inheritdoc cref="From(IEnumerable{Candle}, CandleFields)"/>
    public static CandleSeries From(ReadOnlySpan<Candle> candles, CandleFields fields)
    {
        var series = new CandleSeries(candles.Length);
        try
        {
            series.Fill(candles, fields);
        }
        catch
        {
            series.Dispose();
            throw;
        }

        return series;
    }

    /// <summary>Validates that timestamps strictly increase; throws <see cref="CandleOrderException"/> naming the first offender.</summary>
    public static void ValidateOrder(ReadOnlySpan<Candle> candles)
    {
        for (int i = 1; i < candles.Length; i++)
        {
            if (candles[i].Timestamp <= candles[i - 1].Timestamp)
            {
                throw new CandleOrderException(i, candles[i].Timestamp, candles[i - 1].Timestamp);
            }
        }
    }

    /// <summary>A pooled output buffer of <see cref="Count"/> values, returned on dispose.</summary>
    public Span<double> RentOutput()
    {
        double[] buffer = ArrayPool<double>.Shared.Rent(Math.Max(Count, 1));
        _outputs.Add(buffer);
        return buffer.AsSpan(0, Count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<DateTime>.Shared.Return(_timestamps);
        for (int i = 0; i < _columns.Length; i++)
        {
            if (_columns[i] is { } column)
            {
                ArrayPool<double>.Shared.Return(column);
                _columns[i] = null;
            }
        }

        foreach (double[] output in _outputs)
        {
            ArrayPool<double>.Shared.Return(output);
        }

        _outputs.Clear();
    }

    private void Fill(ReadOnlySpan<Candle> candles, CandleFields fields)
    {
        ValidateOrder(candles);
        Span<DateTime> timestamps = _timestamps.AsSpan(0, Count);
        for (int i = 0; i < candles.Length; i++)
        {
            timestamps[i] = candles[i].Timestamp;
        }

        if ((fields & CandleFields.Open) != 0)
        {
            Span<double> column = Allocate(0);
            for (int i = 0; i < candles.Length; i++)
            {
                column[i] = candles[i].Open;
            }
        }

        if ((fields & CandleFields.High) != 0)
        {
            Span<double> column = Allocate(1);
            for (int i = 0; i < candles.Length; i++)
            {
                column[i] = candles[i].High;
            }
        }

        if ((fields & CandleFields.Low) != 0)
        {
            Span<double> column = Allocate(2);
            for (int i = 0; i < candles.Length; i++)
            {
                column[i] = candles[i].Low;
            }
        }

        if ((fields & CandleFields.Close) != 0)
        {
            Span<double> column = Allocate(3);
            for (int i = 0; i < candles.Length; i++)
            {
                column[i] = candles[i].Close;
            }
        }

        if ((fields & CandleFields.Volume) != 0)
        {
            Span<double> column = Allocate(4);
            for (int i = 0; i < candles.Length; i++)
            {
                column[i] = candles[i].Volume;
            }
        }
    }

    private Span<double> Allocate(int slot)
    {
        double[] column = ArrayPool<double>.Shared.Rent(Math.Max(Count, 1));
        _columns[slot] = column;
        return column.AsSpan(0, Count);
    }

    private ReadOnlySpan<double> Column(int slot, string name) =>
        _columns[slot] is { } column
            ? column.AsSpan(0, Count)
            : throw new InvalidOperationException($"The {name} column was not requested when the series was built.");
}
