using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace PredictionSdk.Data.Csv;

/// <summary>
/// Streaming reader of candle CSV (plain or gzip). Reads the header layout
/// <c>timestamp,open,high,low,close,volume</c> (columns found by name, extra columns ignored), headerless
/// rows in that order, and Binance's kline export (12 columns, no header, open time in ms or µs).
/// Timestamps are ISO-8601 or Unix epoch integers. Parses UTF-8 bytes in pooled buffers: no per-row allocation.
/// </summary>
/// <remarks>A row that cannot be parsed raises <see cref="CandleFormatException"/> naming the source, the 1-based line, the field and the value.</remarks>
public sealed class CandleCsvReader : IDisposable, IAsyncDisposable
{
    private const int InitialBufferSize = 1 << 16;
    private const int MaxFields = 64;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int[] _fieldStarts = new int[MaxFields + 1];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _layoutKnown;
    private int _ts, _open = 1, _high = 2, _low = 3, _close = 4, _volume = 5, _requiredFields = 6;

    /// <summary>Reads candles from <paramref name="stream"/> (already decompressed).</summary>
    /// <param name="stream">UTF-8 CSV text.</param>
    /// <param name="sourceName">File or feed name used in error messages.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    public CandleCsvReader(Stream stream, string? sourceName = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourceName = sourceName ?? "<stream>";
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    /// <summary>Name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>1-based number of the last line consumed, header and blank lines included.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// Opens a <c>.csv</c> or <c>.csv.gz</c> file; gzip is recognised by its magic bytes, whatever the extension.
    /// </summary>
    public static CandleCsvReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int read = file.Read(magic);
            file.Position = 0;
            Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new CandleCsvReader(stream, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads up to <paramref name="candles"/>.Length candles; returns 0 at the end of the data.</summary>
    /// <param name="candles">Destination.</param>
    /// <param name="lineNumbers">Empty, or as long as <paramref name="candles"/> to receive each row's 1-based line number.</param>
    public int ReadBatch(Span<Candle> candles, Span<long> lineNumbers = default)
    {
        int count = 0;
        while (true)
        {
            count += ParseAvailable(candles[count..], lineNumbers.IsEmpty ? default : lineNumbers[count..]);
            if (count == candles.Length || (_eof && _start == _end))
            {
                return count;
            }

            PrepareFill();
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            CompleteFill(read);
        }
    }

    /// <summary>Reads up to <paramref name="candles"/>.Length candles; returns 0 at the end of the data.</summary>
    /// <param name="candles">Destination.</param>
    /// <param name="lineNumbers">Empty, or as long as <paramref name="candles"/> to receive each row's 1-based line number.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async ValueTask<int> ReadBatchAsync(Memory<Candle> candles, Memory<long> lineNumbers = default, CancellationToken cancellationToken = default)
    {
        int count = 0;
        while (true)
        {
            count += ParseAvailable(candles.Span[count..], lineNumbers.IsEmpty ? default : lineNumbers.Span[count..]);
            if (count == candles.Length || (_eof && _start == _end))
            {
                return count;
            }

            cancellationToken.ThrowIfCancellationRequested();
            PrepareFill();
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            CompleteFill(read);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ReturnBuffer();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReturnBuffer();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void PrepareFill()
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One line longer than the buffer: grow.
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private void CompleteFill(int read)
    {
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private int ParseAvailable(Span<Candle> candles, Span<long> lineNumbers)
    {
        int count = 0;
        while (count < candles.Length && _start < _end)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
            int newline = pending.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline >= 0)
            {
                line = pending[..newline];
                _start += newline + 1;
            }
            else if (_eof)
            {
                line = pending;
                _start = _end;
            }
            else
            {
                break;
            }

            LineNumber++;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            if (!_layoutKnown)
            {
                _layoutKnown = true;
                if (IsHeader(line))
                {
                    ReadHeader(line);
                    continue;
                }
            }

            candles[count] = ParseRow(line);
            if (!lineNumbers.IsEmpty)
            {
                lineNumbers[count] = LineNumber;
            }

            count++;
        }

        return count;
    }

    private bool IsHeader(ReadOnlySpan<byte> line)
    {
        int fields = SplitFields(line);
        ReadOnlySpan<byte> first = Field(line, 0);
        return fields > 0 && !Utf8Fields.TryParseTimestamp(first, out _);
    }

    private void ReadHeader(ReadOnlySpan<byte> line)
    {
        int fields = SplitFields(line);
        _ts = _open = _high = _low = _close = _volume = -1;
        for (int i = 0; i < fields; i++)
        {
            string name = Encoding.UTF8.GetString(Field(line, i)).Trim().ToUpperInvariant().Replace(" ", "_", StringComparison.Ordinal);
            switch (name)
            {
                case "TIMESTAMP" or "TIME" or "DATE" or "DATETIME" or "DATE_TIME" or "OPEN_TIME" or "OPENTIME" or "TS" or "T":
                    _ts = _ts < 0 ? i : _ts;
                    break;
                case "OPEN" or "O":
                    _open = _open < 0 ? i : _open;
                    break;
                case "HIGH" or "H":
                    _high = _high < 0 ? i : _high;
                    break;
                case "LOW" or "L":
                    _low = _low < 0 ? i : _low;
                    break;
                case "CLOSE" or "C":
                    _close = _close < 0 ? i : _close;
                    break;
                case "VOLUME" or "VOL" or "V":
                    _volume = _volume < 0 ? i : _volume;
                    break;
            }
        }

        string? missing = _ts < 0 ? "timestamp" : _open < 0 ? "open" : _high < 0 ? "high" : _low < 0 ? "low" : _close < 0 ? "close" : _volume < 0 ? "volume" : null;
        if (missing is not null)
        {
            throw new CandleFormatException($"header has no '{missing}' column; expected timestamp,open,high,low,close,volume", SourceName, LineNumber, "header", Shorten(line));
        }

        _requiredFields = Math.Max(Math.Max(Math.Max(_ts, _open), Math.Max(_high, _low)), Math.Max(_close, _volume)) + 1;
    }

    private Candle ParseRow(ReadOnlySpan<byte> line)
    {
        int fields = SplitFields(line);
        if (fields < _requiredFields)
        {
            throw new CandleFormatException($"expected at least {_requiredFields} comma-separated fields, found {fields}", SourceName, LineNumber, "row", Shorten(line));
        }

        ReadOnlySpan<byte> ts = Field(line, _ts);
        if (!Utf8Fields.TryParseTimestamp(ts, out DateTime timestamp))
        {
            throw new CandleFormatException("timestamp is neither ISO-8601 nor a Unix epoch integer", SourceName, LineNumber, "timestamp", Shorten(ts));
        }

        return new Candle(
            timestamp,
            Number(line, _open, "open"),
            Number(line, _high, "high"),
            Number(line, _low, "low"),
            Number(line, _close, "close"),
            Number(line, _volume, "volume"));
    }

    private double Number(ReadOnlySpan<byte> line, int index, string name)
    {
        ReadOnlySpan<byte> text = Field(line, index);
        if (!Utf8Fields.TryParseDouble(text, out double value))
        {
            throw new CandleFormatException("not a number", SourceName, LineNumber, name, Shorten(text));
        }

        return value;
    }

    // Records where each field starts; _fieldStarts[i + 1] - 1 is where field i ends.
    private int SplitFields(ReadOnlySpan<byte> line)
    {
        int count = 0;
        _fieldStarts[0] = 0;
        int position = 0;
        while (count < MaxFields)
        {
            int comma = line[position..].IndexOf((byte)',');
            count++;
            if (comma < 0)
            {
                _fieldStarts[count] = line.Length + 1;
                break;
            }

            position += comma + 1;
            _fieldStarts[count] = position;
        }

        return count;
    }

    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index)
    {
        int start = _fieldStarts[index];
        int end = Math.Min(_fieldStarts[index + 1] - 1, line.Length);
        ReadOnlySpan<byte> field = line[start..end].Trim((byte)' ');
        if (field.Length >= 2 && field[0] == (byte)'"' && field[^1] == (byte)'"')
        {
            field = field[1..^1].Trim((byte)' ');
        }

        return field;
    }

    private static string Shorten(ReadOnlySpan<byte> text)
    {
        const int Max = 120;
        string s = Encoding.UTF8.GetString(text.Length > Max ? text[..Max] : text);
        return text.Length > Max ? s + "…" : s;
    }
}
