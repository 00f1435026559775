using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PredictionSdk.Data.Exchanges.Coinbase;

/// <summary>
/// Coinbase Advanced Trade: WebSocket <c>market_trades</c> (plus <c>heartbeats</c>, whose server time closes bars of
/// quiet products) aggregated into bars by <see cref="TradeCandleBuilder"/>, and REST
/// <c>/api/v3/brokerage/market/products/{product}/candles</c> for history, gap backfill and for confirming bars built
/// from a partial view of the trades (first bar, bars around a reconnect or a lost message).
/// </summary>
public sealed class CoinbaseCandleSource : WebSocketCandleSource
{
    private const int RestPage = 350;
    private readonly CoinbaseFeedOptions _options;

    /// <summary>Creates the source; <paramref name="options"/> are validated here.</summary>
    public CoinbaseCandleSource(CoinbaseFeedOptions options, HttpClient? httpClient = null, ILogger<CoinbaseCandleSource>? logger = null, TimeProvider? timeProvider = null)
        : base("coinbase", options, httpClient, logger ?? NullLogger<CoinbaseCandleSource>.Instance, timeProvider)
    {
        _options = options;
    }

    /// <summary>Coinbase's granularity name for <paramref name="interval"/> (<c>ONE_MINUTE</c>…).</summary>
    public static string Granularity(Interval interval) => (int)interval.Duration.TotalMinutes switch
    {
        1 => "ONE_MINUTE",
        5 => "FIVE_MINUTE",
        15 => "FIFTEEN_MINUTE",
        30 => "THIRTY_MINUTE",
        60 => "ONE_HOUR",
        1440 => "ONE_DAY",
        _ => throw new ArgumentException($"coinbase: interval {interval} is not offered (1m, 5m, 15m, 30m, 1h, 1d).", nameof(interval)),
    };

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        string granularity = Granularity(interval);
        string product = symbol.ToExchangeSymbol(Exchange.Coinbase);
        DateTime now = Time.GetUtcNow().UtcDateTime;
        var candles = new List<Candle>();
        for (DateTime start = FeedJson.Floor(from, interval); start < to; start += interval.Duration * RestPage)
        {
            DateTime end = Min(to, start + (interval.Duration * RestPage));
            // "end" is inclusive on Coinbase: stop one second before the next window.
            string query = string.Create(CultureInfo.InvariantCulture, $"api/v3/brokerage/market/products/{product}/candles?start={FeedJson.ToUnixSeconds(start)}&end={FeedJson.ToUnixSeconds(end) - 1}&granularity={granularity}&limit={RestPage}");
            using var document = await Rest.GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
            int index = 0;
            foreach (var row in document.RootElement.Required("candles").EnumerateArray())
            {
                index++;
                Candle candle;
                try
                {
                    candle = new Candle(FeedJson.FromUnixSeconds(row.RequiredInt64("start")), row.RequiredNumber("open"), row.RequiredNumber("high"), row.RequiredNumber("low"), row.RequiredNumber("close"), row.RequiredNumber("volume"));
                }
                catch (FormatException ex)
                {
                    throw new CandleFormatException(ex.Message, "coinbase candles", index, null, row.GetRawText());
                }

                if (candle.Timestamp >= from && candle.Timestamp < to && candle.Timestamp + interval.Duration <= now)
                {
                    candles.Add(candle);
                }
            }
        }

        // Coinbase answers newest first.
        return candles.DistinctBy(c => c.Timestamp).OrderBy(c => c.Timestamp).ToList();
    }

    private protected override void ValidateRequest(IReadOnlyList<Symbol> symbols, Interval interval)
    {
        _ = Granularity(interval);
        RequireAssetClass(symbols, AssetClass.Crypto, "a crypto pair");
    }

    private protected override FeedSession CreateSession(IReadOnlyList<Symbol> symbols, Interval interval) => new CoinbaseSession(this, symbols, interval);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private sealed class CoinbaseSession : FeedSession
    {
        private readonly CoinbaseCandleSource _source;
        private readonly Interval _interval;
        private readonly Dictionary<string, Product> _products;
        private readonly List<BuiltBar> _built = [];

        public CoinbaseSession(CoinbaseCandleSource source, IReadOnlyList<Symbol> symbols, Interval interval)
        {
            _source = source;
            _interval = interval;
            _products = symbols.Distinct().ToDictionary(
                s => s.ToExchangeSymbol(Exchange.Coinbase),
                s => new Product(s, new TradeCandleBuilder(interval, source._options.LateTradeTolerance)),
                StringComparer.OrdinalIgnoreCase);
            Endpoint = new Uri(source._options.WebSocketUrl);
        }

        public override Uri Endpoint { get; }

        public override bool GapsAreAbnormal => false;

        public override IEnumerable<string> OnConnected()
        {
            string[] ids = [.. _products.Keys];
            yield return JsonSerializer.Serialize(new CoinbaseSubscribe("subscribe", ids, "market_trades"), CoinbaseJsonContext.Default.CoinbaseSubscribe);
            yield return JsonSerializer.Serialize(new CoinbaseSubscribe("subscribe", ids, "heartbeats"), CoinbaseJsonContext.Default.CoinbaseSubscribe);
        }

        public override void OnDisconnected() => MarkIncomplete();

        public override void OnMalformed() => MarkIncomplete();

        public override FrameKind OnFrame(ReadOnlySpan<byte> message, FrameOutput output)
        {
            using var document = FeedJson.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                output.Problem = "not a JSON object";
                return FrameKind.Malformed;
            }

            if (root.OptionalString("type") == "error")
            {
                output.Problem = root.OptionalString("message") ?? root.GetRawText();
                return FrameKind.ExchangeError;
            }

            string channel = root.RequiredString("channel");
            DateTime serverTime = root.RequiredTime("timestamp");
            var kind = channel switch
            {
                "market_trades" => Trades(root.Required("events"), output),
                "heartbeats" => FrameKind.Heartbeat,
                "subscriptions" => FrameKind.Control,
                _ => FrameKind.Ignored,
            };

            // Server time closes the bars of products that had no trade since.
            foreach (var product in _products.Values)
            {
                _built.Clear();
                product.Builder.Advance(serverTime, _built);
                Append(product.Symbol, output);
            }

            return kind;
        }

        private FrameKind Trades(JsonElement events, FrameOutput output)
        {
            // Parse the whole message before touching any builder: a bad trade rejects the message, not half of it.
            var trades = new List<(Product Product, string Id, DateTime Time, double Price, double Size, bool? TakerBuy)>();
            foreach (var e in events.EnumerateArray())
            {
                foreach (var trade in e.Required("trades").EnumerateArray())
                {
                    if (_products.TryGetValue(trade.RequiredString("product_id"), out var product))
                    {
                        trades.Add((product, trade.RequiredString("trade_id"), trade.RequiredTime("time"), trade.RequiredNumber("price"), trade.RequiredNumber("size"), TakerBought(trade)));
                    }
                }
            }

            foreach (var (product, id, time, price, size, takerBuy) in trades.OrderBy(t => t.Time))
            {
                if (!product.Remember(id, _source._options.TradeIdMemory))
                {
                    output.DuplicateTrades++;
                    continue;
                }

                _built.Clear();
                switch (product.Builder.Add(time, price, size, takerBuy, _built))
                {
                    case TradeOutcome.Late:
                        output.LateTrades++;
                        break;
                    case TradeOutcome.Invalid:
                        output.InvalidTrades++;
                        break;
                }

                Append(product.Symbol, output);
            }

            return trades.Count == 0 ? FrameKind.Ignored : FrameKind.Data;
        }

        // Coinbase reports the side of the resting (maker) order: "SELL" means the taker bought. Any other value: unknown.
        private static bool? TakerBought(JsonElement trade) => trade.OptionalString("side") switch
        {
            "SELL" => true,
            "BUY" => false,
            _ => null,
        };

        private void Append(Symbol symbol, FrameOutput output)
        {
            foreach (var bar in _built)
            {
                output.Updates.Add(new SessionUpdate(new CandleUpdate(symbol, _interval, bar.Candle, bar.IsFinal, _source.Name), bar.Incomplete));
            }
        }

        private void MarkIncomplete()
        {
            foreach (var product in _products.Values)
            {
                product.Builder.MarkIncomplete();
            }
        }
    }

    private sealed class Product(Symbol symbol, TradeCandleBuilder builder)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();

        public Symbol Symbol { get; } = symbol;

        public TradeCandleBuilder Builder { get; } = builder;

        /// <summary>False when the trade id was seen recently.</summary>
        public bool Remember(string id, int capacity)
        {
            if (!_seen.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
