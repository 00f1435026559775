using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PredictionSdk.Data.Tests.Exchanges.Fakes;

namespace PredictionSdk.Data.Tests.Exchanges.Binance;

/// <summary>
/// Speaks Binance spot: <c>/stream?streams=…</c> combined kline streams (<c>{"stream":…,"data":{"e":"kline",…}}</c>),
/// <c>SUBSCRIBE</c> requests answered with <c>{"result":null,"id":…}</c>, and REST <c>/api/v3/klines</c> arrays.
/// </summary>
public sealed class FakeBinanceServer : FakeExchange
{
    private FakeBinanceServer()
    {
    }

    public static Task<FakeBinanceServer> StartAsync(CandleTape tape) => StartAsync(new FakeBinanceServer(), tape);

    public static string Kline(Symbol symbol, in Candle c, bool isFinal, string? close = null)
    {
        string pair = symbol.ToExchangeSymbol(Exchange.Binance);
        long t = UnixMilliseconds(c.Timestamp);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"stream":"{{pair.ToLowerInvariant()}}@kline_1m","data":{"e":"kline","E":{{t + 1000}},"s":"{{pair}}","k":{"t":{{t}},"T":{{t + 59_999}},"s":"{{pair}}","i":"1m","f":100,"L":200,"o":"{{c.Open}}","c":"{{close ?? c.Close.ToString(CultureInfo.InvariantCulture)}}","h":"{{c.High}}","l":"{{c.Low}}","v":"{{c.Volume}}","n":{{c.TradeCount}},"x":{{(isFinal ? "true" : "false")}},"q":"{{c.QuoteVolume:R}}","V":"{{c.TakerBuyVolume:R}}","Q":"{{c.TakerBuyQuoteVolume:R}}","B":"0" """) + "}}}";
    }

    protected override void Map(WebApplication app)
    {
        app.Map("/stream", context => ServeSocketAsync(context));
        MapRest(app, "/api/v3/klines", KlinesAsync);
    }

    private Task ServeSocketAsync(HttpContext context)
    {
        var streams = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        foreach (string s in context.Request.Query["streams"].ToString().Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            streams[s] = true;
        }

        return ServeSessionAsync(
            context,
            async (socket, text, ct) =>
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.GetProperty("method").GetString() == "SUBSCRIBE")
                {
                    foreach (var p in doc.RootElement.GetProperty("params").EnumerateArray())
                    {
                        streams[p.GetString()!] = true;
                    }

                    await Server.SendAsync(socket, $$"""{"result":null,"id":{{doc.RootElement.GetProperty("id").GetInt32()}}}""", ct);
                }
            },
            (socket, ct) => StreamAsync(socket, streams, ct));
    }

    private async Task StreamAsync(WebSocket socket, ConcurrentDictionary<string, bool> streams, CancellationToken ct)
    {
        Symbol[] Subscribed() => Tape.Symbols.Where(s => streams.ContainsKey($"{s.ToExchangeSymbol(Exchange.Binance).ToLowerInvariant()}@kline_1m")).ToArray();

        // With SubscriptionMode.Messages the streams arrive after the upgrade.
        while (Subscribed().Length == 0)
        {
            await Task.Delay(5, ct);
        }

        await PlayTapeAsync(socket, idle: c => Task.Delay(5, c), playBar: async (bar, fault, ct) =>
        {
            var symbols = Subscribed();
            if (fault.HasFlag(Fault.Malformed))
            {
                await Server.SendAsync(socket, "this is not json", ct);
                await Server.SendAsync(socket, """{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1}}""", ct);
            }

            if (fault.HasFlag(Fault.Truncated))
            {
                await Server.SendAsync(socket, Truncated(Kline(symbols[0], Tape.Bars[symbols[0]][bar], false)), ct);
            }

            foreach (var s in symbols)
            {
                await Server.SendAsync(socket, Kline(s, CandleTape.Partial(Tape.Bars[s][bar]), false), ct);
            }

            await Task.Delay(Step, ct);
            if (fault.HasFlag(Fault.SwapWithNext) && bar + 1 < Tape.Count)
            {
                Tape.Cursor = bar + 2;
                foreach (var s in symbols)
                {
                    await Server.SendAsync(socket, Kline(s, Tape.Bars[s][bar + 1], true), ct);
                    await Server.SendAsync(socket, Kline(s, Tape.Bars[s][bar], true), ct);
                }

                return;
            }

            Tape.Cursor = bar + 1;
            foreach (var s in symbols)
            {
                var final = Faulted(Tape.Bars[s][bar], fault, s == symbols[0], "NaN", out string? close);
                string frame = Kline(s, final, true, close);
                await Server.SendAsync(socket, frame, ct);
                if (fault.HasFlag(Fault.Duplicate))
                {
                    await Server.SendAsync(socket, frame, ct);
                }
            }
        }, ct);
    }

    private async Task KlinesAsync(HttpContext context)
    {
        var q = context.Request.Query;
        if (!Symbol.TryParse(q["symbol"], out var symbol) || !Tape.Bars.ContainsKey(symbol))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"code":-1121,"msg":"Invalid symbol."}""");
            return;
        }

        DateTime from = QueryUnixMilliseconds(context, "startTime");
        DateTime to = QueryUnixMilliseconds(context, "endTime").AddMilliseconds(1);
        int limit = int.Parse(q["limit"]!, CultureInfo.InvariantCulture);
        if (limit is < 1 or > 1000)
        {
            // Binance answers at most 1,000 klines per request.
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."}""");
            return;
        }

        var rows = Tape.Closed(symbol, from, to).Take(limit).Select(c =>
        {
            long t = UnixMilliseconds(c.Timestamp);
            return string.Create(CultureInfo.InvariantCulture, $"""[{t},"{c.Open}","{c.High}","{c.Low}","{c.Close}","{c.Volume}",{t + 59_999},"{c.QuoteVolume:R}",{c.TradeCount},"{c.TakerBuyVolume:R}","{c.TakerBuyQuoteVolume:R}","0"]""");
        });
        await WriteJsonAsync(context, "[" + string.Join(',', rows) + "]");
    }
}
