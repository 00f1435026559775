using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PredictionSdk.Data.Exchanges.Alpaca;

/// <summary>
/// Alpaca market data for US stocks: WebSocket <c>/v2/{feed}</c> minute bars (each bar arrives once, closed, so every
/// update is final) after key/secret authentication, and REST <c>/v2/stocks/{symbol}/bars</c> for history and gap
/// backfill. Gaps outside market hours (<see cref="MarketHours"/>) are expected and never backfilled or reported.
/// Refused credentials end the stream with <see cref="FeedAuthenticationException"/>; the key and secret are never logged.
/// </summary>
public sealed class AlpacaCandleSource : WebSocketCandleSource
{
    private readonly AlpacaFeedOptions _options;
    private readonly MarketHours _hours;

    /// <summary>Creates the source; <paramref name="options"/> are validated here.</summary>
    public AlpacaCandleSource(AlpacaFeedOptions options, HttpClient? httpClient = null, ILogger<AlpacaCandleSource>? logger = null, TimeProvider? timeProvider = null)
        : base("alpaca", options, httpClient, logger ?? NullLogger<AlpacaCandleSource>.Instance, timeProvider, request => Authorize(request, options))
    {
        _options = options;
        _hours = new MarketHours(options.ExtendedHours);
    }

    /// <summary>Alpaca's timeframe for <paramref name="interval"/> (<c>1Min</c>, <c>1Hour</c>, <c>1Day</c>).</summary>
    public static string Timeframe(Interval interval) => interval.Duration switch
    {
        { TotalDays: 1 } => "1Day",
        { TotalMinutes: >= 60 } d => $"{(int)d.TotalHours}Hour",
        var d => $"{(int)d.TotalMinutes}Min",
    };

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        DateTime now = Time.GetUtcNow().UtcDateTime;
        var candles = new List<Candle>();
        string? pageToken = null;
        do
        {
            // "end" is inclusive on Alpaca: stop one second before the exclusive bound.
            string query = string.Create(CultureInfo.InvariantCulture, $"v2/stocks/{Uri.EscapeDataString(symbol.Base)}/bars?timeframe={Timeframe(interval)}&start={from:yyyy-MM-ddTHH:mm:ssZ}&end={to.AddSeconds(-1):yyyy-MM-ddTHH:mm:ssZ}&limit=10000&adjustment=raw&feed={_options.Feed}");
            if (pageToken is not null)
            {
                query += "&page_token=" + Uri.EscapeDataString(pageToken);
            }

            using var document = await Rest.GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.TryGetProperty("bars", out var bars) && bars.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (var bar in bars.EnumerateArray())
                {
                    index++;
                    Candle candle;
                    try
                    {
                        candle = ReadBar(bar);
                    }
                    catch (FormatException ex)
                    {
                        throw new CandleFormatException(ex.Message, "alpaca bars", index, null, bar.GetRawText());
                    }

                    if (candle.Timestamp >= from && candle.Timestamp < to && candle.Timestamp + interval.Duration <= now)
                    {
                        candles.Add(candle);
                    }
                }
            }

            pageToken = root.OptionalString("next_page_token");
        }
        while (!string.IsNullOrEmpty(pageToken));

        return candles;
    }

    private protected override void ValidateRequest(IReadOnlyList<Symbol> symbols, Interval interval)
    {
        if (interval != Interval.OneMinute)
        {
            throw new ArgumentException($"alpaca: the stream carries 1m bars only; {interval} was requested (resample downstream).", nameof(interval));
        }

        RequireAssetClass(symbols, AssetClass.Stock, "a stock ticker");
    }

    private protected override FeedSession CreateSession(IReadOnlyList<Symbol> symbols, Interval interval) => new AlpacaSession(this, symbols, interval);

    private static void Authorize(HttpRequestMessage request, AlpacaFeedOptions options)
    {
        request.Headers.Add("APCA-API-KEY-ID", options.KeyId);
        request.Headers.Add("APCA-API-SECRET-KEY", options.SecretKey);
    }

    // "n" is the trade count and "vw" the volume-weighted price, so quote volume is vw × v; no aggressor side is sent.
    private static Candle ReadBar(JsonElement bar)
    {
        double volume = bar.RequiredNumber("v");
        return new(bar.RequiredTime("t"), bar.RequiredNumber("o"), bar.RequiredNumber("h"), bar.RequiredNumber("l"), bar.RequiredNumber("c"), volume,
            bar.OptionalNumber("vw") * volume, bar.OptionalNumber("n"), double.NaN, double.NaN);
    }

    private sealed class AlpacaSession : FeedSession
    {
        private readonly AlpacaCandleSource _source;
        private readonly Interval _interval;
        private readonly Dictionary<string, Symbol> _symbols;

        public AlpacaSession(AlpacaCandleSource source, IReadOnlyList<Symbol> symbols, Interval interval)
        {
            _source = source;
            _interval = interval;
            _symbols = symbols.Distinct().ToDictionary(s => s.Base, StringComparer.OrdinalIgnoreCase);
            Endpoint = new Uri($"{source._options.WebSocketUrl.TrimEnd('/')}/v2/{source._options.Feed}");
        }

        public override Uri Endpoint { get; }

        // Any gap inside market hours is checked over REST (out-of-order or lost bars). On IEX a quiet minute
        // has no bar: the check then finds nothing and costs one rate-limited call.
        public override bool GapsAreAbnormal => true;

        public override IEnumerable<string> OnConnected()
        {
            yield return JsonSerializer.Serialize(new AlpacaAuth("auth", _source._options.KeyId, _source._options.SecretKey), AlpacaJsonContext.Default.AlpacaAuth);
        }

        public override bool IsGapExpected(Symbol symbol, DateTime from, DateTime to) => !_source._hours.Overlaps(from, to);

        public override FrameKind OnFrame(ReadOnlySpan<byte> message, FrameOutput output)
        {
            using var document = FeedJson.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                output.Problem = "not a JSON array";
                return FrameKind.Malformed;
            }

            // Parse everything first: a bad item rejects the whole message, not half of it.
            var bars = new List<CandleUpdate>();
            var kind = FrameKind.Ignored;
            foreach (var item in root.EnumerateArray())
            {
                switch (item.RequiredString("T"))
                {
                    case "b":
                        if (_symbols.TryGetValue(item.RequiredString("S"), out var symbol))
                        {
                            bars.Add(new CandleUpdate(symbol, _interval, ReadBar(item), true, _source.Name));
                        }

                        break;
                    case "success" when item.OptionalString("msg") == "authenticated":
                        output.Replies.Add(JsonSerializer.Serialize(new AlpacaSubscribe("subscribe", [.. _symbols.Keys]), AlpacaJsonContext.Default.AlpacaSubscribe));
                        kind = Max(kind, FrameKind.Control);
                        break;
                    case "success" or "subscription":
                        kind = Max(kind, FrameKind.Control);
                        break;
                    case "error":
                        long code = item.RequiredInt64("code");
                        string text = item.OptionalString("msg") ?? string.Empty;
                        if (code is 402 or 409)
                        {
                            // Wrong credentials or plan: reconnecting cannot help.
                            throw new FeedAuthenticationException($"alpaca refused the connection: {code} {text}.");
                        }

                        output.Problem = $"{code} {text}";
                        kind = FrameKind.ExchangeError;
                        break;
                }
            }

            foreach (var bar in bars)
            {
                output.Updates.Add(new SessionUpdate(bar));
            }

            return bars.Count > 0 && kind != FrameKind.ExchangeError ? FrameKind.Data : kind;
        }

        private static FrameKind Max(FrameKind a, FrameKind b) => a == FrameKind.ExchangeError ? a : b;
    }
}
