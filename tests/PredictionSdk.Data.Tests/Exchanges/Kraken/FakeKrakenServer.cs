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
public sealed class FakeKrakenServer : IAsyncDisposable
{
    private FakeKrakenServer(FakeExchangeServer server, CandleTape tape)
    {
        Server = server;
        Tape = tape;
    }

    public FakeExchangeServer Server { get; }

    public CandleTape Tape { get; }

    public FaultPlan Faults { get; } = new();

    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(2);

    public static async Task<FakeKrakenServer> StartAsync(CandleTape tape)
    {
        FakeKrakenServer? fake = null;
        var server = await FakeExchangeServer.StartAsync((app, _) =>
        {
            app.Map("/v2", context => fake!.ServeSocketAsync(context));
            app.MapGet("/0/public/OHLC", context => fake!.OhlcAsync(context));
        });
        fake = new FakeKrakenServer(server, tape);
        return fake;
    }

    public static string Item(Symbol symbol, in Candle c, string? close = null) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"symbol":"{{symbol.ToExchangeSymbol(Exchange.Kraken)}}","open":{{c.Open}},"high":{{c.High}},"low":{{c.Low}},"close":{{close ?? c.Close.ToString(CultureInfo.InvariantCulture)}},"trades":12,"volume":{{c.Volume}},"vwap":{{c.Close}},"interval_begin":"{{c.Timestamp:yyyy-MM-ddTHH:mm:ss}}.000000000Z","interval":1,"timestamp":"{{c.Timestamp.AddMinutes(1):yyyy-MM-ddTHH:mm:ss.ffffff}}Z"}""");

    public static string Message(string type, DateTime stamp, IEnumerable<string> items) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"channel":"ohlc","type":"{{type}}","timestamp":"{{stamp:yyyy-MM-ddTHH:mm:ss.ffffff}}Z","data":[{{string.Join(',', items)}}]}""");

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task ServeSocketAsync(HttpContext context)
    {
        using var socket = await Server.AcceptAsync(context);
        if (socket is null)
        {
            return;
        }

        var subscribed = new List<Symbol>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        await Server.SendAsync(socket, """{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"online","version":"2.0.0"}]}""", cts.Token);
        var reader = Task.Run(async () =>
        {
            await Server.ReadClientAsync(socket, async text =>
            {
                using var doc = JsonDocument.Parse(text);
                var p = doc.RootElement.GetProperty("params");
                foreach (var s in p.GetProperty("symbol").EnumerateArray())
                {
                    var symbol = Symbol.Parse(s.GetString()!);
                    bool known = Tape.Bars.ContainsKey(symbol) && p.GetProperty("channel").GetString() == "ohlc";
                    await Server.SendAsync(socket, known
                        ? $$"""{"method":"subscribe","result":{"channel":"ohlc","interval":1,"snapshot":true,"symbol":"{{s.GetString()}}"},"success":true,"time_in":"2024-01-02T00:00:00.000000Z","time_out":"2024-01-02T00:00:00.000100Z"}"""
                        : $$"""{"error":"Currency pair not supported {{s.GetString()}}","method":"subscribe","success":false,"symbol":"{{s.GetString()}}"}""", cts.Token);
                    if (known)
                    {
                        lock (subscribed)
                        {
                            subscribed.Add(symbol);
                        }
                    }
                }

                ready.TrySetResult();
            }, cts.Token);
            await cts.CancelAsync();
        });
        try
        {
            await ready.Task.WaitAsync(cts.Token);
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
                    await Server.SendAsync(socket, Message("snapshot", Tape.Start.AddMinutes(cursor), closed), cts.Token);
                }
            }

            await StreamAsync(socket, symbols, cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            await cts.CancelAsync();
            await reader;
        }
    }

    private async Task StreamAsync(WebSocket socket, Symbol[] symbols, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            int bar = Tape.Cursor;
            if (bar >= Tape.Count)
            {
                await Server.SendAsync(socket, """{"channel":"heartbeat"}""", ct);
                await Task.Delay(50, ct);
                continue;
            }

            var fault = Faults.Take(bar);
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

            await Server.SendAsync(socket, """{"channel":"heartbeat"}""", ct);
            await Task.Delay(Step, ct);
            Tape.Cursor = bar + 1;
            foreach (var s in symbols)
            {
                var last = Tape.Bars[s][bar];
                bool first = s == symbols[0];
                if (first && fault.HasFlag(Fault.Spike))
                {
                    last = last with { Open = last.Open * 100, High = last.High * 100, Low = last.Low * 100, Close = last.Close * 100 };
                }

                string message = Message("update", start.AddSeconds(40), [Item(s, last, first && fault.HasFlag(Fault.NaN) ? "\"NaN\"" : null)]);
                // Truncated: the bar's last update is cut, so the client only knows a stale state of the bar.
                await Server.SendAsync(socket, first && fault.HasFlag(Fault.Truncated) ? message[..(message.Length * 2 / 3)] : message, ct);
            }

            if (fault.HasFlag(Fault.Duplicate) && bar > 0)
            {
                // A replay of the previous, already closed bar.
                await Server.SendAsync(socket, Message("update", start.AddSeconds(45), symbols.Select(s => Item(s, Tape.Bars[s][bar - 1]))), ct);
            }

            await Task.Delay(Step, ct);
            if (fault.HasFlag(Fault.Drop))
            {
                Tape.Cursor += Faults.SkipOnDrop;
                await Task.Delay(30, ct);
                socket.Abort();
                return;
            }
        }
    }

    private async Task OhlcAsync(HttpContext context)
    {
        if (await Server.TryFailRestAsync(context))
        {
            return;
        }

        var q = context.Request.Query;
        if (!Symbol.TryParse(q["pair"], out var symbol) || !Tape.Bars.ContainsKey(symbol))
        {
            await context.Response.WriteAsync("""{"error":["EQuery:Unknown asset pair"]}""");
            return;
        }

        DateTime since = DateTime.UnixEpoch.AddSeconds(long.Parse(q["since"]!, CultureInfo.InvariantCulture));
        var rows = Tape.Closed(symbol, since.AddTicks(1), DateTime.MaxValue).Take(720).Select(c => string.Create(
            CultureInfo.InvariantCulture,
            $"""[{(long)(c.Timestamp - DateTime.UnixEpoch).TotalSeconds},"{c.Open}","{c.High}","{c.Low}","{c.Close}","{c.Close}","{c.Volume}",12]""")).ToList();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"error":[],"result":{"X{{q["pair"]}}":[{{string.Join(',', rows)}}],"last":{{(long)(since - DateTime.UnixEpoch).TotalSeconds}} """ + "}}");
    }
}
