using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PredictionSdk.Data.Tests.Exchanges.Fakes;

namespace PredictionSdk.Data.Tests.Exchanges.Kraken;

/// <summary>
/// Speaks Kraken WebSocket v2 (<c>/v2</c>): <c>subscribe</c> acknowledgements, a status message, <c>ohlc</c> snapshots
/// of the last closed bars and an update per trade, heartbeats; and REST <c>/0/public/OHLC</c> with its
/// <c>{"error":[],"result":{"XXBTZUSD":[…],"last":…}}</c> shape.
/// </summary>
public sealed class FakeKrakenServer : FakeExchange
{
    private const string Heartbeat = """{"channel":"heartbeat"}""";

    private FakeKrakenServer()
    {
    }

    /// <summary>Kraken OHLC carries a trade count and VWAP (quote volume = VWAP × volume), no aggressor split.</summary>
    public static Task<FakeKrakenServer> StartAsync(CandleTape tape) => StartAsync(new FakeKrakenServer(), tape.Report(CandleTape.WithoutTakerSplit));

    public static string Item(Symbol symbol, in Candle c, string? close = null) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"symbol":"{{symbol.ToExchangeSymbol(Exchange.Kraken)}}","open":{{c.Open}},"high":{{c.High}},"low":{{c.Low}},"close":{{close ?? c.Close.ToString(CultureInfo.InvariantCulture)}},"trades":{{c.TradeCount}},"volume":{{c.Volume}},"vwap":{{c.QuoteVolume / c.Volume:R}},"interval_begin":"{{c.Timestamp:yyyy-MM-ddTHH:mm:ss}}.000000000Z","interval":1,"timestamp":"{{c.Timestamp.AddMinutes(1):yyyy-MM-ddTHH:mm:ss.ffffff}}Z"}""");

    public static string Message(string type, DateTime stamp, IEnumerable<string> items) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"channel":"ohlc","type":"{{type}}","timestamp":"{{stamp:yyyy-MM-ddTHH:mm:ss.ffffff}}Z","data":[{{string.Join(',', items)}}]}""");

    protected override void Map(WebApplication app)
    {
        app.Map("/v2", context => ServeSocketAsync(context));
        MapRest(app, "/0/public/OHLC", OhlcAsync);
    }

    private Task ServeSocketAsync(HttpContext context)
    {
        var subscribed = new List<Symbol>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return ServeSessionAsync(
            context,
            greeting: """{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"online","version":"2.0.0"}]}""",
            onClientMessage: async (socket, text, ct) =>
            {
                using var doc = JsonDocument.Parse(text);
                var p = doc.RootElement.GetProperty("params");
                foreach (var s in p.GetProperty("symbol").EnumerateArray())
                {
                    var symbol = Symbol.Parse(s.GetString()!);
                    bool known = Tape.Bars.ContainsKey(symbol) && p.GetProperty("channel").GetString() == "ohlc";
                    await Server.SendAsync(socket, known
                        ? $$"""{"method":"subscribe","result":{"channel":"ohlc","interval":1,"snapshot":true,"symbol":"{{s.GetString()}}"},"success":true,"time_in":"2024-01-02T00:00:00.000000Z","time_out":"2024-01-02T00:00:00.000100Z"}"""
                        : $$"""{"error":"Currency pair not supported {{s.GetString()}}","method":"subscribe","success":false,"symbol":"{{s.GetString()}}"}""", ct);
                    if (known)
                    {
                        lock (subscribed)
                        {
                            subscribed.Add(symbol);
                        }
                    }
                }

                ready.TrySetResult();
            },
            stream: async (socket, ct) =>
            {
                await ready.Task.WaitAsync(ct);
                Symbol[] symbols;
                lock (subscribed)
                {
                    symbols = [.. subscribed];
                }

                int cursor = Tape.Cursor;
                foreach (var s in symbols)
                {
                    var closed = Enumerable.Range(Math.Max(0, cursor - 2), Math.Min(cursor, 2)).Select(i => Item(s, Tape.Bars[s][i])).ToList();
                    if (closed.Count > 0)
                    {
                        await Server.SendAsync(socket, Message("snapshot", Tape.Start.AddMinutes(cursor), closed), ct);
                    }
                }

                await StreamAsync(socket, symbols, ct);
            });
    }

    private Task StreamAsync(WebSocket socket, Symbol[] symbols, CancellationToken cancellationToken) => PlayTapeAsync(
        socket,
        idle: async ct =>
        {
            await Server.SendAsync(socket, Heartbeat, ct);
            await Task.Delay(50, ct);
        },
        playBar: async (bar, fault, ct) =>
        {
            DateTime start = Tape.Start.AddMinutes(bar);
            if (fault.HasFlag(Fault.Malformed))
            {
                await Server.SendAsync(socket, "{{{{", ct);
                await Server.SendAsync(socket, Message("update", start, [$$"""{"symbol":"{{symbols[0].ToExchangeSymbol(Exchange.Kraken)}}","interval":1}"""]), ct);
            }

            foreach (var s in symbols)
            {
                await Server.SendAsync(socket, Message("update", start.AddSeconds(20), [Item(s, CandleTape.Partial(Tape.Bars[s][bar]))]), ct);
            }

            await Server.SendAsync(socket, Heartbeat, ct);
            await Task.Delay(Step, ct);
            Tape.Cursor = bar + 1;
            foreach (var s in symbols)
            {
                bool first = s == symbols[0];
                var last = Faulted(Tape.Bars[s][bar], fault, first, "\"NaN\"", out string? close);
                string message = Message("update", start.AddSeconds(40), [Item(s, last, close)]);

                // Truncated: the bar's last update is cut, so the client only knows a stale state of the bar.
                await Server.SendAsync(socket, first && fault.HasFlag(Fault.Truncated) ? message[..(message.Length * 2 / 3)] : message, ct);
            }

            if (fault.HasFlag(Fault.Duplicate) && bar > 0)
            {
                // A replay of the previous, already closed bar.
                await Server.SendAsync(socket, Message("update", start.AddSeconds(45), symbols.Select(s => Item(s, Tape.Bars[s][bar - 1]))), ct);
            }
        },
        cancellationToken);

    private async Task OhlcAsync(HttpContext context)
    {
        var q = context.Request.Query;
        if (!Symbol.TryParse(q["pair"], out var symbol) || !Tape.Bars.ContainsKey(symbol))
        {
            await context.Response.WriteAsync("""{"error":["EQuery:Unknown asset pair"]}""");
            return;
        }

        DateTime since = QueryUnixSeconds(context, "since");
        var rows = Tape.Closed(symbol, since.AddTicks(1), DateTime.MaxValue).Take(720).Select(c => string.Create(
            CultureInfo.InvariantCulture,
            $"""[{UnixSeconds(c.Timestamp)},"{c.Open}","{c.High}","{c.Low}","{c.Close}","{c.QuoteVolume / c.Volume:R}","{c.Volume}",{c.TradeCount}]""")).ToList();
        await WriteJsonAsync(context, $$"""{"error":[],"result":{"X{{q["pair"]}}":[{{string.Join(',', rows)}}],"last":{{UnixSeconds(since)}} """ + "}}");
    }
}
