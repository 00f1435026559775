using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PredictionSdk.Data.Exchanges.Kraken;

/// <summary>
/// Kraken spot over WebSocket v2: the <c>ohlc</c> channel (snapshot, then an update per trade) and REST
/// <c>/0/public/OHLC</c> for history and gap backfill. Kraken marks no bar as closed, so a bar becomes final when the
/// symbol's next bar starts or when any message is stamped <see cref="KrakenFeedOptions.CloseGrace"/> past its end.
/// Minutes without trades have no bar; gaps are therefore backfilled only after a reconnect or a rejected bar.
/// </summary>
public sealed class KrakenCandleSource : WebSocketCandleSource
{
    private static readonly int[] Minutes = [1, 5, 15, 30, 60, 240, 1440];
    private readonly KrakenFeedOptions _options;

    /// <summary>Creates the source; <paramref name="options"/> are validated here.</summary>
    public KrakenCandleSource(KrakenFeedOptions options, HttpClient? httpClient = null, ILogger<KrakenCandleSource>? logger = null, TimeProvider? timeProvider = null)
        : base("kraken", options, httpClient, logger ?? NullLogger<KrakenCandleSource>.Instance, timeProvider)
    {
        _options = options;
    }

    /// <summary>The pair as Kraken's REST API names it: <c>XBTUSD</c>, <c>ETHUSD</c>, <c>XDGUSD</c>.</summary>
    public static string RestPair(Symbol symbol) => Legacy(symbol.Base) + Legacy(symbol.Quote ?? string.Empty);

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        int minutes = IntervalMinutes(interval);
        DateTime now = Time.GetUtcNow().UtcDateTime;
        var candles = new List<Candle>();
        // "since" is exclusive: ask from one bar earlier.
        long since = FeedJson.ToUnixSeconds(from - interval.Duration);
        while (true)
        {
            string query = string.Create(CultureInfo.InvariantCulture, $"0/public/OHLC?pair={RestPair(symbol)}&interval={minutes}&since={since}");
            using var document = await Rest.GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                throw new FeedRestException(Name, "/0/public/OHLC", System.Net.HttpStatusCode.OK, string.Join("; ", errors.EnumerateArray().Select(e => e.GetString())));
            }

            var result = root.Required("result");
            JsonElement rows = default;
            foreach (var property in result.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    rows = property.Value;
                }
            }

            if (rows.ValueKind != JsonValueKind.Array)
            {
                throw new CandleFormatException("no OHLC array in the result", "kraken /0/public/OHLC", null, null, result.GetRawText());
            }

            int count = 0;
            long newest = since;
            foreach (var row in rows.EnumerateArray())
            {
                count++;
                var candle = ReadRow(row, count);
                newest = Math.Max(newest, FeedJson.ToUnixSeconds(candle.Timestamp));
                if (candle.Timestamp >= from && candle.Timestamp < to && candle.Timestamp + interval.Duration <= now)
                {
                    candles.Add(candle);
                }
            }

            // Kraken answers at most 720 rows; page on only while rows keep coming and the range is not covered.
            if (count < 720 || newest <= since || FeedJson.FromUnixSeconds(newest) + interval.Duration >= to)
            {
                break;
            }

            since = newest;
        }

        return candles.DistinctBy(c => c.Timestamp).OrderBy(c => c.Timestamp).ToList();
    }

    private protected override void ValidateRequest(IReadOnlyList<Symbol> symbols, Interval interval)
    {
        _ = IntervalMinutes(interval);
        RequireAssetClass(symbols, AssetClass.Crypto, "a crypto pair");
    }

    private protected override FeedSession CreateSession(IReadOnlyList<Symbol> symbols, Interval interval) => new KrakenSession(this, symbols, interval);

    private static int IntervalMinutes(Interval interval)
    {
        int minutes = (int)interval.Duration.TotalMinutes;
        return Array.IndexOf(Minutes, minutes) >= 0 ? minutes : throw new ArgumentException($"kraken: interval {interval} is not offered (1m, 5m, 15m, 30m, 1h, 4h, 1d).", nameof(interval));
    }

    private static string Legacy(string asset) => asset switch
    {
        "BTC" => "XBT",
        "DOGE" => "XDG",
        _ => asset,
    };

    private static Candle ReadRow(JsonElement row, int index)
    {
        // [time, open, high, low, close, vwap, volume, count]
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 7)
        {
            throw new CandleFormatException("an OHLC row must be an array of at least 7 items", "kraken /0/public/OHLC", index, null, row.GetRawText());
        }

        try
        {
            // Quote volume is vwap × volume; Kraken sends no aggressor split in OHLC.
            double volume = row[6].Number("volume");
            return new Candle(FeedJson.FromUnixSeconds(row[0].Number("time")), row[1].Number("open"), row[2].Number("high"), row[3].Number("low"), row[4].Number("close"), volume,
                row[5].Number("vwap") * volume, row.GetArrayLength() > 7 ? row[7].Number("count") : double.NaN, double.NaN, double.NaN);
        }
        catch (FormatException ex)
        {
            throw new CandleFormatException(ex.Message, "kraken /0/public/OHLC", index, null, row.GetRawText());
        }
    }

    private sealed class KrakenSession : FeedSession
    {
        private readonly KrakenCandleSource _source;
        private readonly Interval _interval;
        private readonly Dictionary<string, Symbol> _symbols;
        private readonly Dictionary<Symbol, (Candle Bar, bool Incomplete)> _open = [];

        public KrakenSession(KrakenCandleSource source, IReadOnlyList<Symbol> symbols, Interval interval)
        {
            _source = source;
            _interval = interval;
            _symbols = symbols.Distinct().ToDictionary(s => s.ToExchangeSymbol(Exchange.Kraken), StringComparer.OrdinalIgnoreCase);
            Endpoint = new Uri(source._options.WebSocketUrl);
        }

        public override Uri Endpoint { get; }

        public override bool GapsAreAbnormal => false;

        public override IEnumerable<string> OnConnected()
        {
            var request = new KrakenSubscribe("subscribe", new KrakenSubscribeParams("ohlc", [.. _symbols.Keys], IntervalMinutes(_interval), true), 1);
            yield return JsonSerializer.Serialize(request, KrakenJsonContext.Default.KrakenSubscribe);
        }

        public override void OnDisconnected() => MarkOpenBarsIncomplete();

        // The lost message may have been a bar's last update: confirm open bars over REST when they close.
        public override void OnMalformed() => MarkOpenBarsIncomplete();

        private void MarkOpenBarsIncomplete()
        {
            // Trades may happen while away: an open bar seen before the drop is confirmed over REST when it closes.
            foreach (var symbol in _open.Keys.ToList())
            {
                _open[symbol] = (_open[symbol].Bar, true);
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

            if (root.TryGetProperty("method", out _))
            {
                if (root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
                {
                    output.Problem = root.OptionalString("error") ?? root.GetRawText();
                    return FrameKind.ExchangeError;
                }

                return FrameKind.Control;
            }

            string channel = root.RequiredString("channel");
            if (channel == "heartbeat")
            {
                return FrameKind.Heartbeat;
            }

            if (channel != "ohlc")
            {
                return channel == "status" ? FrameKind.Control : FrameKind.Ignored;
            }

            var items = root.Required("data");
            if (items.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("field 'data' is not an array");
            }

            // Parse everything first: a bad item rejects the whole message, not half of it.
            var parsed = new List<(Symbol Symbol, Candle Bar)>(items.GetArrayLength());
            foreach (var item in items.EnumerateArray())
            {
                if (item.RequiredInt64("interval") != IntervalMinutes(_interval) || !_symbols.TryGetValue(item.RequiredString("symbol"), out var symbol))
                {
                    continue;
                }

                double volume = item.RequiredNumber("volume");
                parsed.Add((symbol, new Candle(item.RequiredTime("interval_begin"), item.RequiredNumber("open"), item.RequiredNumber("high"), item.RequiredNumber("low"), item.RequiredNumber("close"), volume,
                    item.OptionalNumber("vwap") * volume, item.OptionalNumber("trades"), double.NaN, double.NaN)));
            }

            if (parsed.Count == 0)
            {
                return FrameKind.Ignored;
            }

            foreach (var (symbol, bar) in parsed.OrderBy(p => p.Bar.Timestamp))
            {
                Apply(symbol, bar, output);
            }

            if (root.TryGetProperty("timestamp", out var stamp) && stamp.ValueKind == JsonValueKind.String
                && DateTime.TryParse(stamp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var now))
            {
                CloseDue(now, output);
            }

            return FrameKind.Data;
        }

        private void Apply(Symbol symbol, Candle bar, FrameOutput output)
        {
            if (_open.TryGetValue(symbol, out var open))
            {
                if (bar.Timestamp < open.Bar.Timestamp)
                {
                    // A bar older than the one in progress: already closed; let the gate count it.
                    output.Updates.Add(new SessionUpdate(new CandleUpdate(symbol, _interval, bar, true, _source.Name)));
                    return;
                }

                if (bar.Timestamp > open.Bar.Timestamp)
                {
                    output.Updates.Add(new SessionUpdate(new CandleUpdate(symbol, _interval, open.Bar, true, _source.Name), open.Incomplete));
                }
            }

            _open[symbol] = (bar, false);
            output.Updates.Add(new SessionUpdate(new CandleUpdate(symbol, _interval, bar, false, _source.Name)));
        }

        private void CloseDue(DateTime now, FrameOutput output)
        {
            foreach (var (symbol, open) in _open.ToList())
            {
                if (open.Bar.Timestamp + _interval.Duration + _source._options.CloseGrace <= now)
                {
                    output.Updates.Add(new SessionUpdate(new CandleUpdate(symbol, _interval, open.Bar, true, _source.Name), open.Incomplete));
                    _open.Remove(symbol);
                }
            }
        }
    }
}
