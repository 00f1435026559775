using System.Buffers;
using System.Globalization;

namespace PredictionSdk.Data.Csv;

/// <summary>How <see cref="CandleCsvWriter"/> writes the <c>timestamp</c> column.</summary>
public enum CsvTimestampFormat
{
    /// <summary>ISO-8601 UTC, <c>2024-01-01T00:00:00Z</c> (a fraction is added only when the time has one).</summary>
    Iso8601,

    /// <summary>Unix epoch milliseconds, <c>1704067200000</c>.</summary>
    UnixMilliseconds,
}

/// <summary>
/// Writes candles as CSV with the header
/// <c>timestamp,open,high,low,close,volume,quote_volume,count,taker_buy_volume,taker_buy_quote_volume</c> to a stream.
/// Numbers use the shortest text that reads back to the same <see cref="double"/>, so a write/read round trip is exact.
/// An order-flow field that is not reported (<see cref="double.NaN"/>) is written empty, and reads back as NaN.
/// Readers that know only the first six columns ignore the rest.
/// </summary>
/// <remarks>To write a file, use <see cref="CandleFile.WriteAsync(string, IAsyncEnumerable{Candle}, CancellationToken)"/>: it writes atomically.</remarks>
public sealed class CandleCsvWriter : IDisposable, IAsyncDisposable
{
    private const int FlushThreshold = 1 << 16;
    private const int MaxRowBytes = 384;
    private static readonly byte[] Header = "timestamp,open,high,low,close,volume,quote_volume,count,taker_buy_volume,taker_buy_quote_volume\n"u8.ToArray();

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly CsvTimestampFormat _timestampFormat;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushThreshold + MaxRowBytes);
    private int _length;

    /// <summary>Writes to <paramref name="stream"/>, starting with the header line.</summary>
    public CandleCsvWriter(Stream stream, CsvTimestampFormat timestampFormat = CsvTimestampFormat.Iso8601, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _timestampFormat = timestampFormat;
        Header.CopyTo(_buffer, 0);
        _length = Header.Length;
    }

    /// <summary>Rows written so far, header excluded.</summary>
    public long RowCount { get; private set; }

    /// <summary>Appends one row (buffered).</summary>
    public void Write(in Candle candle)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        Span<byte> row = _buffer.AsSpan(_length, MaxRowBytes);
        int n = FormatTimestamp(candle.Timestamp, row);
        n += FormatNumber(candle.Open, row[n..]);
        n += FormatNumber(candle.High, row[n..]);
        n += FormatNumber(candle.Low, row[n..]);
        n += FormatNumber(candle.Close, row[n..]);
        n += FormatNumber(candle.Volume, row[n..]);
        n += FormatOptional(candle.QuoteVolume, row[n..]);
        n += FormatOptional(candle.TradeCount, row[n..]);
        n += FormatOptional(candle.TakerBuyVolume, row[n..]);
        n += FormatOptional(candle.TakerBuyQuoteVolume, row[n..]);
        row[n - 1] = (byte)'\n';
        _length += n;
        RowCount++;
        if (_length >= FlushThreshold)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }

    /// <summary>Appends one row, flushing the buffer asynchronously when it is full.</summary>
    public async ValueTask WriteAsync(Candle candle, CancellationToken cancellationToken = default)
    {
        if (_length + MaxRowBytes > FlushThreshold)
        {
            await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        Write(candle);
    }

    /// <summary>Writes buffered rows to the stream and flushes it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        _stream.Write(_buffer, 0, _length);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
        else
        {
            _stream.Flush();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        await FlushBufferAsync(CancellationToken.None).ConfigureAwait(false);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await _stream.FlushAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }
    }

    private int FormatTimestamp(DateTime timestamp, Span<byte> destination)
    {
        int n;
        if (_timestampFormat == CsvTimestampFormat.UnixMilliseconds)
        {
            long ms = (timestamp.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
            ms.TryFormat(destination, out n, default, CultureInfo.InvariantCulture);
        }
        else
        {
            string format = timestamp.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffffffZ";
            timestamp.TryFormat(destination, out n, format, CultureInfo.InvariantCulture);
        }

        destination[n] = (byte)',';
        return n + 1;
    }

    private static int FormatOptional(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            destination[0] = (byte)',';
            return 1;
        }

        return FormatNumber(value, destination);
    }

    private static int FormatNumber(double value, Span<byte> destination)
    {
        value.TryFormat(destination, out int n, "R", CultureInfo.InvariantCulture);
        destination[n] = (byte)',';
        return n + 1;
    }
}
