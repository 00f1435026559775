using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PredictionSdk.Data.Tests.Exchanges.Fakes;

namespace PredictionSdk.Data.Tests.Exchanges.Alpaca;

/// <summary>
/// Speaks Alpaca market data v2: <c>/v2/iex</c> greets with <c>[{"T":"success","msg":"connected"}]</c>, takes
/// <c>auth</c> (402 on wrong keys) and <c>subscribe</c>, then sends closed minute bars (<c>{"T":"b",…}</c>); REST
/// <c>/v2/stocks/{symbol}/bars</c> checks the key headers and pages with <c>next_page_token</c>.
/// </summary>
public sealed class FakeAlpacaServer : IAsyncDisposable
{
    public const string Key = "PKTESTKEY0000";
    public const string Secret = "s3cr3t-value-never-logged";

    private FakeAlpacaServer(FakeExchangeServer server, CandleTape tape)
    {
        Server = server;
        Tape = tape;
    }

    public FakeExchangeServer Server { get; }

    public CandleTape Tape { get; }

    public FaultPlan Faults { get; } = new();

    public int PageSize { get; set; } = 10_000;

    public static async Task<FakeAlpacaServer> StartAsync(CandleTape tape)
    {
        FakeAlpacaServer? fake = null;
        var server = await FakeExchangeServer.StartAsync((app, _) =>
        {
            app.Map("/v2/iex", context => fake!.ServeSocketAsync(context));
            app.MapGet("/v2/stocks/{symbol}/bars", context => fake!.BarsAsync(context));
        });
        fake = new FakeAlpacaServer(server, tape);
        return fake;
    }

    public static string Bar(Symbol s, in Candle c, string? close = null) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"T":"b","S":"{{s.Base}}","o":{{c.Open}},"h":{{c.High}},"l":{{c.Low}},"c":{{close ?? c.Close.ToString(CultureInfo.InvariantCulture)}},"v":{{c.Volume}},"t":"{{c.Timestamp:yyyy-MM-ddTHH:mm:ss}}Z","n":12,"vw":{{c.Close}}}""");

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task ServeSocketAsync(HttpContext context)
    {
        using var socket = await Server.AcceptAsync(context);
        if (socket is null)
        {
            return;
        }

        var symbols = new List<Symbol>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        await Server.SendAsync(socket, """[{"T":"success","msg":"connected"}]""", cts.Token);
        var reader = Task.Run(async () =>
        {
            await Server.ReadClientAsync(socket, async text =>
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                switch (root.GetProperty("action").GetString())
                {
                    case "auth" when root.GetProperty("key").GetString() == Key && root.GetProperty("secret").GetString() == Secret:
                        await Server.SendAsync(socket, """[{"T":"success","msg":"authenticated"}]""", cts.Token);
                        break;
                    case "auth":
                        await Server.SendAsync(socket, """[{"T":"error","code":402,"msg":"auth failed"}]""", cts.Token);
                        await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "auth failed", cts.Token);
                        break;
                    case "subscribe":
                        symbols.AddRange(root.GetProperty("bars").EnumerateArray().Select(b => Symbol.Stock(b.GetString()!)));
                        await Server.SendAsync(socket, $$"""[{"T":"subscription","trades":[],"quotes":[],"bars":[{{string.Join(',', symbols.Select(s => $"\"{s}\""))}}],"updatedBars":[],"dailyBars":[]}]""", cts.Token);
                        ready.TrySetResult();
                        break;
                }
            }, cts.Token);
            await cts.CancelAsync();
        });
        try
        {
            await ready.Task.WaitAsync(cts.Token);
            await StreamAsync(socket, [.. symbols], cts.Token);
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
                await Task.Delay(20, ct);
                continue;
            }

            var fault = Faults.Take(bar);
            if (fault.HasFlag(Fault.Malformed))
            {
                await Server.SendAsync(socket, """{"T":"b"}""", ct);
                await Server.SendAsync(socket, $$"""[{"T":"b","S":"{{symbols[0]}}","o":1}]""", ct);
            }

            if (fault.HasFlag(Fault.Truncated))
            {
                string whole = "[" + Bar(symbols[0], Tape.Bars[symbols[0]][Math.Max(0, bar - 1)]) + "]";
                await Server.SendAsync(socket, whole[..(whole.Length / 2)], ct);
            }

            if (fault.HasFlag(Fault.SwapWithNext) && bar + 1 < Tape.Count)
            {
                Tape.Cursor = bar + 2;
                await Server.SendAsync(socket, "[" + string.Join(',', symbols.Select(s => Bar(s, Tape.Bars[s][bar + 1]))) + "]", ct);
                await Server.SendAsync(socket, "[" + string.Join(',', symbols.Select(s => Bar(s, Tape.Bars[s][bar]))) + "]", ct);
                continue;
            }

            Tape.Cursor = bar + 1;
            var items = symbols.Select(s =>
            {
                var c = Tape.Bars[s][bar];
                bool first = s == symbols[0];
                if (first && fault.HasFlag(Fault.Spike))
                {
                    c = c with { Open = c.Open * 100, High = c.High * 100, Low = c.Low * 100, Close = c.Close * 100 };
                }

                return Bar(s, c, first && fault.HasFlag(Fault.NaN) ? "\"NaN\"" : null);
            });
            string message = "[" + string.Join(',', items) + "]";
            await Server.SendAsync(socket, message, ct);
            if (fault.HasFlag(Fault.Duplicate))
            {
                await Server.SendAsync(socket, message, ct);
            }

            await Task.Delay(3, ct);
            if (fault.HasFlag(Fault.Drop))
            {
                Tape.Cursor += Faults.SkipOnDrop;
                await Task.Delay(30, ct);
                socket.Abort();
                return;
            }
        }
    }

    private async Task BarsAsync(HttpContext context)
    {
        if (context.Request.Headers["APCA-API-KEY-ID"] != Key || context.Request.Headers["APCA-API-SECRET-KEY"] != Secret)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"message":"forbidden."}""");
            return;
        }

        if (await Server.TryFailRestAsync(context))
        {
            return;
        }

        var q = context.Request.Query;
        var symbol = Symbol.Stock((string)context.Request.RouteValues["symbol"]!);
        DateTime from = DateTime.Parse(q["start"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        DateTime to = DateTime.Parse(q["end"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).AddSeconds(1);
        int skip = q.ContainsKey("page_token") ? int.Parse(q["page_token"]!, CultureInfo.InvariantCulture) : 0;
        var all = Tape.Bars.ContainsKey(symbol) ? Tape.Closed(symbol, from, to).ToList() : [];
        var page = all.Skip(skip).Take(PageSize).Select(c => string.Create(CultureInfo.InvariantCulture,
            $$"""{"t":"{{c.Timestamp:yyyy-MM-ddTHH:mm:ss}}Z","o":{{c.Open}},"h":{{c.High}},"l":{{c.Low}},"c":{{c.Close}},"v":{{c.Volume}},"n":12,"vw":{{c.Close}}}"""));
        string next = skip + PageSize < all.Count ? $"\"{skip + PageSize}\"" : "null";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"bars":[{{string.Join(',', page)}}],"symbol":"{{symbol}}","next_page_token":{{next}}}""");
    }
}
