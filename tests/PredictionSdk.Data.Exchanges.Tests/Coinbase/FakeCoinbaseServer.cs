using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PredictionSdk.Data.Tests.Exchanges.Fakes;

namespace PredictionSdk.Data.Tests.Exchanges.Coinbase;

/// <summary>
/// Speaks Coinbase Advanced Trade: <c>subscribe</c> to <c>market_trades</c> and <c>heartbeats</c>, a
/// <c>subscriptions</c> acknowledgement, a trade snapshot then trade updates, heartbeats; and REST
/// <c>/api/v3/brokerage/market/products/{id}/candles</c> (newest first). Each tape bar is played as four trades
/// (open at +1 s, high at +15 s, low at +30 s, close at +50 s, a quarter of the volume each).
/// </summary>
public sealed class FakeCoinbaseServer : FakeExchange
{
    private static readonly int[] Offsets = [1, 15, 30, 50];
    private long _sequence;

    private FakeCoinbaseServer() => Step = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Each bar is played as four trades; its order flow is what those trades add up to. Trades 0 and 2 rest on the
    /// buy side ("side":"SELL" is the maker side), so their takers bought.
    /// </summary>
    public static Task<FakeCoinbaseServer> StartAsync(CandleTape tape)
    {
        tape.RestBarsLackOrderFlow = true;
        return StartAsync(new FakeCoinbaseServer(), tape.Report(FromTrades));
    }

    /// <summary>The bar as built from its four trades.</summary>
    public static Candle FromTrades(Candle bar)
    {
        double quote = 0, takerBuy = 0, takerBuyQuote = 0;
        for (int j = 0; j < 4; j++)
        {
            var (_, price, size) = Trade(bar, j);
            quote += price * size;
            if (TakerBought(j))
            {
                takerBuy += size;
                takerBuyQuote += price * size;
            }
        }

        return bar.WithOrderFlow(quote, 4, takerBuy, takerBuyQuote);
    }

    private static bool TakerBought(int j) => j % 2 == 0;

    /// <summary>Trade j (0..3) of a bar: price and time.</summary>
    public static (DateTime Time, double Price, double Size) Trade(in Candle bar, int j) =>
        (bar.Timestamp.AddSeconds(Offsets[j]), j switch { 0 => bar.Open, 1 => bar.High, 2 => bar.Low, _ => bar.Close }, bar.Volume / 4);

    protected override void Map(WebApplication app)
    {
        app.Map("/", context => ServeSocketAsync(context));
        MapRest(app, "/api/v3/brokerage/market/products/{product}/candles", CandlesAsync);
    }

    private string TradeJson(Symbol s, int bar, int j, string? price = null, double factor = 1)
    {
        var (time, p, size) = Trade(Tape.Bars[s][bar], j);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"trade_id":"{{s}}-{{bar}}-{{j}}","product_id":"{{s.ToExchangeSymbol(Exchange.Coinbase)}}","price":"{{price ?? (p * factor).ToString(CultureInfo.InvariantCulture)}}","size":"{{size}}","side":"{{(TakerBought(j) ? "SELL" : "BUY")}}","time":"{{time:yyyy-MM-ddTHH:mm:ss.fff}}Z"}""");
    }

    private string Envelope(string channel, DateTime stamp, string events) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"channel":"{{channel}}","client_id":"","timestamp":"{{stamp:yyyy-MM-ddTHH:mm:ss.ffffff}}Z","sequence_num":{{Interlocked.Increment(ref _sequence)}},"events":[{{events}}]}""");

    private string Heartbeat(DateTime stamp) => Envelope("heartbeats", stamp, """{"current_time":"x","heartbeat_counter":"1"}""");

    private string Trades(DateTime stamp, string type, IEnumerable<string> trades) =>
        Envelope("market_trades", stamp, $$"""{"type":"{{type}}","trades":[{{string.Join(',', trades)}}]}""");

    private Task ServeSocketAsync(HttpContext context)
    {
        var symbols = new List<Symbol>();
        int subscriptions = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return ServeSessionAsync(
            context,
            onClientMessage: async (socket, text, ct) =>
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.GetProperty("channel").GetString() == "market_trades")
                {
                    symbols.AddRange(doc.RootElement.GetProperty("product_ids").EnumerateArray().Select(p => Symbol.Parse(p.GetString()!)).Where(Tape.Bars.ContainsKey));
                }

                await Server.SendAsync(socket, Envelope("subscriptions", Tape.Start, """{"subscriptions":{"market_trades":["BTC-USD"]}}"""), ct);
                if (++subscriptions == 2)
                {
                    ready.TrySetResult();
                }
            },
            stream: async (socket, ct) =>
            {
                await ready.Task.WaitAsync(ct);
                int cursor = Tape.Cursor;
                if (cursor > 0)
                {
                    DateTime stamp = Tape.Start.AddMinutes(cursor);
                    await Server.SendAsync(socket, Trades(stamp, "snapshot", symbols.SelectMany(s => Enumerable.Range(0, 4).Select(j => TradeJson(s, cursor - 1, j)))), ct);
                }

                await StreamAsync(socket, [.. symbols], ct);
            });
    }

    private Task StreamAsync(WebSocket socket, Symbol[] symbols, CancellationToken cancellationToken)
    {
        var withheld = new List<string>();
        return PlayTapeAsync(
            socket,
            idle: async ct =>
            {
                await Server.SendAsync(socket, Heartbeat(Tape.Start.AddMinutes(Tape.Cursor)), ct);
                await Task.Delay(50, ct);
            },
            playBar: async (bar, fault, ct) =>
            {
                DateTime start = Tape.Start.AddMinutes(bar);
                if (fault.HasFlag(Fault.Malformed))
                {
                    await Server.SendAsync(socket, "<html>502 Bad Gateway</html>", ct);
                    await Server.SendAsync(socket, Envelope("market_trades", start, """{"type":"update","trades":[{"trade_id":"x","product_id":"BTC-USD"}]}"""), ct);
                }

                if (fault.HasFlag(Fault.Truncated))
                {
                    await Server.SendAsync(socket, Truncated(Trades(start, "update", [TradeJson(symbols[0], bar, 0)])), ct);
                }

                for (int j = 0; j < 4; j++)
                {
                    var (time, _, _) = Trade(Tape.Bars[symbols[0]][bar], j);
                    if (j == 3 && fault.HasFlag(Fault.SwapWithNext))
                    {
                        // The close trade arrives after the next bar's first trade, within the lateness tolerance.
                        withheld.AddRange(symbols.Select(s => Trades(time.AddSeconds(11.5), "update", [TradeJson(s, bar, 3)])));
                        continue;
                    }

                    var trades = symbols.Select(s => TradeJson(s, bar, j, s == symbols[0] && j == 1 && fault.HasFlag(Fault.NaN) ? "NaN" : null, s == symbols[0] && j == 1 && fault.HasFlag(Fault.Spike) ? 100 : 1)).ToList();
                    string message = Trades(time.AddMilliseconds(100), "update", trades);
                    await Server.SendAsync(socket, message, ct);
                    if (j == 0 && withheld.Count > 0)
                    {
                        foreach (string late in withheld)
                        {
                            await Server.SendAsync(socket, late, ct);
                        }

                        withheld.Clear();
                    }

                    if (j == 1 && fault.HasFlag(Fault.Duplicate))
                    {
                        await Server.SendAsync(socket, message, ct);
                    }

                    if (j == 1 && fault.HasFlag(Fault.LateTrade) && bar > 0)
                    {
                        await Server.SendAsync(socket, Trades(time.AddMilliseconds(200), "update", [TradeJson(symbols[0], bar - 1, 3).Replace($"-{bar - 1}-3", "-late", StringComparison.Ordinal)]), ct);
                    }
                }

                await Server.SendAsync(socket, Heartbeat(start.AddSeconds(58)), ct);
                Tape.Cursor = bar + 1;
            },
            cancellationToken);
    }

    private async Task CandlesAsync(HttpContext context)
    {
        if (!Symbol.TryParse((string?)context.Request.RouteValues["product"], out var symbol) || !Tape.Bars.ContainsKey(symbol))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"error":"NOT_FOUND","message":"product not found"}""");
            return;
        }

        DateTime from = QueryUnixSeconds(context, "start");
        DateTime to = QueryUnixSeconds(context, "end").AddSeconds(1);
        var rows = Tape.Closed(symbol, from, to).Reverse().Take(350).Select(c => string.Create(CultureInfo.InvariantCulture,
            $$"""{"start":"{{UnixSeconds(c.Timestamp)}}","low":"{{c.Low}}","high":"{{c.High}}","open":"{{c.Open}}","close":"{{c.Close}}","volume":"{{c.Volume}}"}"""));
        await WriteJsonAsync(context, "{\"candles\":[" + string.Join(',', rows) + "]}");
    }
}
