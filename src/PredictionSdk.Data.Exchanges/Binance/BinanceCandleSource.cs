using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PredictionSdk.Data.Exchanges.Binance;

/// <summary>
/// Binance spot klines: WebSocket <c>&lt;symbol&gt;@kline_&lt;interval&gt;</c> on a combined stream (open-bar updates with
/// <c>"x": false</c>, the close with <c>"x": true</c>) and REST <c>/api/v3/klines</c> for history and gap backfill.
/// Connections are renewed before Binance's 24-hour cut-off; protocol pings are answered by the WebSocket stack.
/// </summary>
public sealed class BinanceCandleSource : WebSocketCandleSource
{
    private readonly BinanceFeedOptions _options;

    /// <summary>Creates the source; <paramref name="options"/> are validated here.</summary>
    public BinanceCandleSource(BinanceFeedOptions options, HttpClient? httpClient = null, ILogger<BinanceCandleSource>? logger = null, TimeProvider? timeProvider = null)
        : base("binance", options, httpClient, logger ?? NullLogger<BinanceCandleSource>.Instance, timeProvider)
    {
        _options = options;
    }

    /// <summary>Binance's interval name (<c>1m</c>, <c>1h</c>, <c>1d</c>); every <see cref="Interval"/> has one.</summary>
    public static string IntervalName(Interval interval) => interval.Name;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        string pair = symbol.ToExchangeSymbol(Exchange.Binance);
        long durationMs = (long)interval.Duration.TotalMilliseconds;
        long start = FeedJson.ToUnixMilliseconds(from);
        long end = FeedJson.ToUnixMilliseconds(to) - 1;
        DateTime now = Time.GetUtcNow().UtcDateTime;
        var candles = new List<Candle>();
        while (start <= end)
        {
            string query = string.Create(CultureInfo.InvariantCulture, $"api/v3/klines?symbol={pair}&interval={interval.Name}&startTime={start}&endTime={end}&limit={_options.RestPageSize}");
            using var document = await Rest.GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
            var rows = document.RootElement;
            if (rows.ValueKind != JsonValueKind.Array)
            {
                throw new CandleFormatException("expected an array of klines", "binance /api/v3/klines", null, null, rows.GetRawText());
            }

            int count = 0;
            long lastOpen = -1;
            foreach (var row in rows.EnumerateArray())
            {
                count++;
                var candle = ReadRestKline(row, count);
                lastOpen = FeedJson.ToUnixMilliseconds(candle.Timestamp);
                // The newest row can be the still-open bar; history holds closed bars only.
                if (candle.Timestamp + interval.Duration <= now && candle.Timestamp >= from && candle.Timestamp < to)
                {
                    candles.Add(candle);
                }
            }

            if (count < _options.RestPageSize || lastOpen < start)
            {
                break;
            }

            start = lastOpen + durationMs;
        }

        return candles;
    }

    private protected override void ValidateRequest(IReadOnlyList<Symbol> symbols, Interval interval)
    {
        RequireAssetClass(symbols, AssetClass.Crypto, "a crypto pair");
    }

    private protected override FeedSession CreateSession(IReadOnlyList<Symbol> symbols, Interval interval) => new BinanceSession(this, symbols, interval);

    private static Candle ReadRestKline(JsonElement row, int index)
    {
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 6)
        {
            throw new CandleFormatException("a kline must be an array of at least 6 items", "binance /api/v3/klines", index, null, row.GetRawText());
        }

        try
        {
            // Items 7–10 (after close time): quote volume, number of trades, taker-buy base and quote volume.
            bool flow = row.GetArrayLength() >= 11;
            return new Candle(
                FeedJson.FromUnixMilliseconds(row[0].GetInt64()),
                row[1].Number("open"),
                row[2].Number("high"),
                row[3].Number("low"),
                row[4].Number("close"),
                row[5].Number("volume"),
                flow ? row[7].Number("quote volume") : double.NaN,
                flow ? row[8].Number("number of trades") : double.NaN,
                flow ? row[9].Number("taker buy base volume") : double.NaN,
                flow ? row[10].Number("taker buy quote volume") : double.NaN);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new CandleFormatException(ex.Message, "binance /api/v3/klines", index, null, row.GetRawText());
        }
    }

    private sealed class BinanceSession : FeedSession
    {
        private readonly BinanceCandleSource _source;
        private readonly Interval _interval;
        private readonly Dictionary<string, Symbol> _symbols;
        private readonly string[] _streams;

        public BinanceSession(BinanceCandleSource source, IReadOnlyList<Symbol> symbols, Interval interval)
        {
            _source = source;
            _interval = interval;
            _symbols = symbols.Distinct().ToDictionary(s => s.ToExchangeSymbol(Exchange.Binance), StringComparer.OrdinalIgnoreCase);
            _streams = _symbols.Keys.Select(s => $"{s.ToLowerInvariant()}@kline_{interval.Name}").ToArray();
            string baseUrl = source._options.WebSocketUrl.TrimEnd('/');
            Endpoint = source._options.SubscriptionMode == BinanceSubscriptionMode.Url
                ? new Uri($"{baseUrl}/stream?streams={string.Join('/', _streams)}")
                : new Uri($"{baseUrl}/stream");
        }

        public override Uri Endpoint { get; }

        // Binance accepts at most 5 incoming messages per second on a connection.
        public override TimeSpan SendSpacing => TimeSpan.FromMilliseconds(250);

        public override IEnumerable<string> OnConnected()
        {
            if (_source._options.SubscriptionMode != BinanceSubscriptionMode.Messages)
            {
                yield break;
            }

            int id = 1;
            foreach (var chunk in _streams.Chunk(_source._options.StreamsPerSubscribeMessage))
            {
                yield return JsonSerializer.Serialize(new SubscribeMessage("SUBSCRIBE", chunk, id++), BinanceJsonContext.Default.SubscribeMessage);
            }
        }

        public override FrameKind OnFrame(ReadOnlySpan<byte> message, FrameOutput output)
        {
            using var document = FeedJson.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                output.Problem = "not a JSON object";
                return FrameKind.Malformed;
            }

            if (root.TryGetProperty("id", out _) && root.TryGetProperty("result", out _))
            {
                return FrameKind.Control;
            }

            if (root.TryGetProperty("code", out var code) && root.TryGetProperty("msg", out var msg))
            {
                output.Problem = $"{code.GetRawText()}: {msg.GetRawText()}";
                return FrameKind.ExchangeError;
            }

            var data = root.TryGetProperty("data", out var inner) ? inner : root;
            if (data.RequiredString("e") != "kline")
            {
                return FrameKind.Ignored;
            }

            var k = data.Required("k");
            if (!_symbols.TryGetValue(k.RequiredString("s"), out var symbol) || k.RequiredString("i") != _interval.Name)
            {
                return FrameKind.Ignored;
            }

            var candle = new Candle(
                FeedJson.FromUnixMilliseconds(k.RequiredInt64("t")),
                k.RequiredNumber("o"),
                k.RequiredNumber("h"),
                k.RequiredNumber("l"),
                k.RequiredNumber("c"),
                k.RequiredNumber("v"),
                k.OptionalNumber("q"),
                k.OptionalNumber("n"),
                k.OptionalNumber("V"),
                k.OptionalNumber("Q"));
            output.Updates.Add(new SessionUpdate(new CandleUpdate(symbol, _interval, candle, k.RequiredBool("x"), _source.Name)));
            return FrameKind.Data;
        }
    }
}
