using System.Buffers;
using System.Globalization;
using System.Text;

namespace PredictionSdk.Data.Csv;

/// <summary>
/// Streaming reader of candle CSV (plain or gzip). Reads the header layout
/// <c>timestamp,open,high,low,close,volume</c> (columns found by name, unknown columns ignored), headerless
/// rows in that order, and Binance's kline export (12 columns, with data.binance.vision's header or none, open time in
/// ms or µs). Order-flow columns are kept when present: by name (<c>quote_volume</c>, <c>count</c>/<c>trades</c>,
/// <c>taker_buy_volume</c>, <c>taker_buy_quote_volume</c> and Binance's long names) or, headerless, at Binance's
/// positions 8–11 of a 12-column row. An empty order-flow field, or a file without the column, reads as
/// <see cref="double.NaN"/> (not reported).
/// Timestamps are ISO-8601 or Unix epoch integers. Parses UTF-8 bytes in pooled buffers: no per-row allocation.
/// A UTF-8 byte-order mark at the start is skipped.
/// </summary>
/// <remarks>
/// A row that cannot be parsed raises <see cref="CandleFormatException"/> naming the source, the 1-based line, the field
/// and the value. So do a line longer than <see cref="MaxLineLength"/> (memory stays bounded whatever the input) and
/// gzip data that is corrupted or ends before its trailer (the message names the last complete line).
/// </remarks>
public sealed class CandleCsvReader : IDisposable, IAsyncDisposable
{
    /// <summary>The longest line read by default, in bytes: a candle row is under 200.</summary>
    public const int DefaultMaxLineLength = 64 * 1024;

    private const int InitialBufferSize = 1 << 16;
    private const int MaxFields = 64;
    private const int BinanceKlineFields = 12;
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int[] _fieldStarts = new int[MaxFields + 1];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _layoutKnown;
    private int _ts, _open = 1, _high = 2, _low = 3, _close = 4, _volume = 5, _requiredFields = 6;
    private int _quoteVolume = -1, _trades = -1, _takerBuy = -1, _takerBuyQuote = -1;

    /// <summary>Reads candles from <paramref name="stream"/> (already decompressed; see <see cref="Open(Stream, string?, bool, int)"/> for gzip).</summary>
    /// <param name="stream">UTF-8 CSV text.</param>
    /// <param name="sourceName">File or feed name used in error messages.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <param name="maxLineLength">Longest line accepted, in bytes; a longer one is a <see cref="CandleFormatException"/>.</param>
    public CandleCsvReader(Stream stream, string? sourceName = null, bool leaveOpen = false, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourceName = sourceName ?? "<stream>";
        MaxLineLength = maxLineLength;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, maxLineLength + 1));
    }

    /// <summary>Name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>Longest line accepted, in bytes (line ending excluded).</summary>
    public int MaxLineLength { get; }

    /// <summary>1-based number of the last line consumed, header and blank lines included.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// Opens a <c>.csv</c> or <c>.csv.gz</c> file (or a pipe); gzip is recognised by its magic bytes, whatever the
    /// extension, and must be complete: data that ends before its gzip trailer, or does not match it, is an error.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxLineLength">Longest line accepted, in bytes.</param>
    public static CandleCsvReader Open(string path, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = OpenFile(path);
        try
        {
            return new CandleCsvReader(CsvSource.Open(file, () => OpenFile(path), leaveOpen: false), path, leaveOpen: false, maxLineLength);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads plain or gzip CSV from <paramref name="stream"/>; gzip is recognised by its magic bytes and must be complete,
    /// as with <see cref="Open(string, int)"/>.
    /// </summary>
    /// <param name="stream">The raw content (read from its current position).</param>
    /// <param name="sourceName">File or feed name used in error messages.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <param name="maxLineLength">Longest line accepted, in bytes.</param>
    public static CandleCsvReader Open(Stream stream, string? sourceName = null, bool leaveOpen = false, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = CsvSource.Open(stream, reopen: null, leaveOpen);
        return new CandleCsvReader(source, sourceName, leaveOpen: leaveOpen && ReferenceEquals(source, stream), maxLineLength);
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
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (InvalidDataException ex)
            {
                throw Unreadable(ex);
            }

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
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw Unreadable(ex);
            }

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

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);

    // Raised before the unfinished last line is parsed, so a row cut short is never taken for a complete one.
    private CandleFormatException Unreadable(InvalidDataException ex) =>
        new(LineNumber == 0 ? $"{ex.Message}; no complete line was read" : string.Create(CultureInfo.InvariantCulture, $"{ex.Message}; line {LineNumber} is the last complete line"),
            SourceName, LineNumber + 1, innerException: ex);

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
            // One line fills the buffer: grow, up to the line-length cap.
            if (_end > MaxLineLength)
            {
                throw LineTooLong(LineNumber + 1);
            }

            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineLength + 1));
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

            if (line.Length > MaxLineLength)
            {
                throw LineTooLong(LineNumber);
            }

            if (LineNumber == 1 && line.StartsWith(Utf8ByteOrderMark))
            {
                line = line[Utf8ByteOrderMark.Length..];
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

                if (SplitFields(line) == BinanceKlineFields)
                {
                    // Headerless Binance kline: quote volume, trade count, taker-buy base and quote volume follow close_time.
                    (_quoteVolume, _trades, _takerBuy, _takerBuyQuote) = (7, 8, 9, 10);
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

    private CandleFormatException LineTooLong(long line) =>
        new(string.Create(CultureInfo.InvariantCulture, $"line {line} is longer than {MaxLineLength:N0} bytes; is this a candle CSV file?"), SourceName, line);

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
        _quoteVolume = _trades = _takerBuy = _takerBuyQuote = -1;
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
                case "QUOTE_VOLUME" or "QUOTE_ASSET_VOLUME":
                    _quoteVolume = _quoteVolume < 0 ? i : _quoteVolume;
                    break;
                case "COUNT" or "TRADES" or "TRADE_COUNT" or "NUMBER_OF_TRADES":
                    _trades = _trades < 0 ? i : _trades;
                    break;
                case "TAKER_BUY_VOLUME" or "TAKER_BUY_BASE_VOLUME" or "TAKER_BUY_BASE_ASSET_VOLUME":
                    _takerBuy = _takerBuy < 0 ? i : _takerBuy;
                    break;
                case "TAKER_BUY_QUOTE_VOLUME" or "TAKER_BUY_QUOTE_ASSET_VOLUME":
                    _takerBuyQuote = _takerBuyQuote < 0 ? i : _takerBuyQuote;
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
            Number(line, _volume, "volume"),
            Optional(line, fields, _quoteVolume, "quote_volume"),
            Optional(line, fields, _trades, "count"),
            Optional(line, fields, _takerBuy, "taker_buy_volume"),
            Optional(line, fields, _takerBuyQuote, "taker_buy_quote_volume"));
    }

    // An order-flow column that is absent, or a row that stops before it, or an empty field: not reported (NaN).
    private double Optional(ReadOnlySpan<byte> line, int fields, int index, string name)
    {
        if (index < 0 || index >= fields)
        {
            return double.NaN;
        }

        ReadOnlySpan<byte> text = Field(line, index);
        return text.IsEmpty ? double.NaN : Number(line, index, name);
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
