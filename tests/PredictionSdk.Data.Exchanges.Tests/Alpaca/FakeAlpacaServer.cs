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
public sealed class FakeAlpacaServer : FakeExchange
{
    public const string Key = "PKTESTKEY0000";
    public const string Secret = "s3cr3t-value-never-logged";

    private FakeAlpacaServer() => Step = TimeSpan.FromMilliseconds(3);

    public int PageSize { get; set; } = 10_000;

    /// <summary>Alpaca bars carry a trade count (n) and VWAP (vw; quote volume = vw × v), no aggressor split.</summary>
    public static Task<FakeAlpacaServer> StartAsync(CandleTape tape) => StartAsync(new FakeAlpacaServer(), tape.Report(CandleTape.WithoutTakerSplit));

    public static string Bar(Symbol s, in Candle c, string? close = null) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"T":"b","S":"{{s.Base}}","o":{{c.Open}},"h":{{c.High}},"l":{{c.Low}},"c":{{close ?? c.Close.ToString(CultureInfo.InvariantCulture)}},"v":{{c.Volume}},"t":"{{c.Timestamp:yyyy-MM-ddTHH:mm:ss}}Z","n":{{c.TradeCount}},"vw":{{c.QuoteVolume / c.Volume:R}}}""");

    protected override void Map(WebApplication app)
    {
        app.Map("/v2/iex", context => ServeSocketAsync(context));
        MapRest(app, "/v2/stocks/{symbol}/bars", BarsAsync, RejectWrongKeysAsync);
    }

    private static string Bars(IEnumerable<string> bars) => "[" + string.Join(',', bars) + "]";

    private Task ServeSocketAsync(HttpContext context)
    {
        var symbols = new List<Symbol>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return ServeSessionAsync(
            context,
            greeting: """[{"T":"success","msg":"connected"}]""",
            onClientMessage: async (socket, text, ct) =>
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                switch (root.GetProperty("action").GetString())
                {
                    case "auth" when root.GetProperty("key").GetString() == Key && root.GetProperty("secret").GetString() == Secret:
                        await Server.SendAsync(socket, """[{"T":"success","msg":"authenticated"}]""", ct);
                        break;
                    case "auth":
                        await Server.SendAsync(socket, """[{"T":"error","code":402,"msg":"auth failed"}]""", ct);
                        await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "auth failed", ct);
                        break;
                    case "subscribe":
                        symbols.AddRange(root.GetProperty("bars").EnumerateArray().Select(b => Symbol.Stock(b.GetString()!)));
                        await Server.SendAsync(socket, $$"""[{"T":"subscription","trades":[],"quotes":[],"bars":[{{string.Join(',', symbols.Select(s => $"\"{s}\""))}}],"updatedBars":[],"dailyBars":[]}]""", ct);
                        ready.TrySetResult();
                        break;
                }
            },
            stream: async (socket, ct) =>
            {
                await ready.Task.WaitAsync(ct);
                await StreamAsync(socket, [.. symbols], ct);
            });
    }

    private Task StreamAsync(WebSocket socket, Symbol[] symbols, CancellationToken cancellationToken) => PlayTapeAsync(
        socket,
        idle: ct => Task.Delay(20, ct),
        playBar: async (bar, fault, ct) =>
        {
            if (fault.HasFlag(Fault.Malformed))
            {
                await Server.SendAsync(socket, """{"T":"b"}""", ct);
                await Server.SendAsync(socket, $$"""[{"T":"b","S":"{{symbols[0]}}","o":1}]""", ct);
            }

            if (fault.HasFlag(Fault.Truncated))
            {
                await Server.SendAsync(socket, Truncated(Bars([Bar(symbols[0], Tape.Bars[symbols[0]][Math.Max(0, bar - 1)])])), ct);
            }

            if (fault.HasFlag(Fault.SwapWithNext) && bar + 1 < Tape.Count)
            {
                Tape.Cursor = bar + 2;
                await Server.SendAsync(socket, Bars(symbols.Select(s => Bar(s, Tape.Bars[s][bar + 1]))), ct);
                await Server.SendAsync(socket, Bars(symbols.Select(s => Bar(s, Tape.Bars[s][bar]))), ct);
                return;
            }

            Tape.Cursor = bar + 1;
            string message = Bars(symbols.Select(s =>
            {
                var c = Faulted(Tape.Bars[s][bar], fault, s == symbols[0], "\"NaN\"", out string? close);
                return Bar(s, c, close);
            }));
            await Server.SendAsync(socket, message, ct);
            if (fault.HasFlag(Fault.Duplicate))
            {
                await Server.SendAsync(socket, message, ct);
            }
        },
        cancellationToken);

    private static async Task<bool> RejectWrongKeysAsync(HttpContext context)
    {
        if (context.Request.Headers["APCA-API-KEY-ID"] == Key && context.Request.Headers["APCA-API-SECRET-KEY"] == Secret)
        {
            return false;
        }

        context.Response.StatusCode = 401;
        await context.Response.WriteAsync("""{"message":"forbidden."}""");
        return true;
    }

    private async Task BarsAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var symbol = Symbol.Stock((string)context.Request.RouteValues["symbol"]!);
        DateTime from = DateTime.Parse(q["start"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        DateTime to = DateTime.Parse(q["end"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).AddSeconds(1);
        if (int.Parse(q["limit"]!, CultureInfo.InvariantCulture) is < 1 or > 10_000)
        {
            // Alpaca answers at most 10,000 bars per page.
            context.Response.StatusCode = 422;
            await context.Response.WriteAsync("""{"message":"invalid limit"}""");
            return;
        }

        int skip = q.ContainsKey("page_token") ? int.Parse(q["page_token"]!, CultureInfo.InvariantCulture) : 0;
        var all = Tape.Bars.ContainsKey(symbol) ? Tape.Closed(symbol, from, to).ToList() : [];
        var page = all.Skip(skip).Take(PageSize).Select(c => string.Create(CultureInfo.InvariantCulture,
            $$"""{"t":"{{c.Timestamp:yyyy-MM-ddTHH:mm:ss}}Z","o":{{c.Open}},"h":{{c.High}},"l":{{c.Low}},"c":{{c.Close}},"v":{{c.Volume}},"n":{{c.TradeCount}},"vw":{{c.QuoteVolume / c.Volume:R}}}"""));
        string next = skip + PageSize < all.Count ? $"\"{skip + PageSize}\"" : "null";
        await WriteJsonAsync(context, $$"""{"bars":[{{string.Join(',', page)}}],"symbol":"{{symbol}}","next_page_token":{{next}}}""");
    }
}
