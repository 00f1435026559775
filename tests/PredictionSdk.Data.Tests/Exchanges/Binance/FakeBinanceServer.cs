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
public sealed class FakeBinanceServer : IAsyncDisposable
{
    private FakeBinanceServer(FakeExchangeServer server, CandleTape tape)
    {
        Server = server;
        Tape = tape;
    }

    public FakeExchangeServer Server { get; }

    public CandleTape Tape { get; }

    public FaultPlan Faults { get; } = new();

    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(2);

    public static async Task<FakeBinanceServer> StartAsync(CandleTape tape)
    {
        FakeBinanceServer? fake = null;
        var server = await FakeExchangeServer.StartAsync((app, _) =>
        {
            app.Map("/stream", context => fake!.ServeSocketAsync(context));
            app.MapGet("/api/v3/klines", context => fake!.KlinesAsync(context));
        });
        fake = new FakeBinanceServer(server, tape);
        return fake;
    }

    public static string Kline(Symbol symbol, in Candle c, bool isFinal, string? close = null)
    {
        string pair = symbol.ToExchangeSymbol(Exchange.Binance);
        long t = (long)(c.Timestamp - DateTime.UnixEpoch).TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"stream":"{{pair.ToLowerInvariant()}}@kline_1m","data":{"e":"kline","E":{{t + 1000}},"s":"{{pair}}","k":{"t":{{t}},"T":{{t + 59_999}},"s":"{{pair}}","i":"1m","f":100,"L":200,"o":"{{c.Open}}","c":"{{close ?? c.Close.ToString(CultureInfo.InvariantCulture)}}","h":"{{c.High}}","l":"{{c.Low}}","v":"{{c.Volume}}","n":100,"x":{{(isFinal ? "true" : "false")}},"q":"1.0","V":"0.5","Q":"0.5","B":"0" """) + "}}}";
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task ServeSocketAsync(HttpContext context)
    {
        using var socket = await Server.AcceptAsync(context);
        if (socket is null)
        {
            return;
        }

        var streams = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        foreach (string s in context.Request.Query["streams"].ToString().Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            streams[s] = true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var reader = Task.Run(async () =>
        {
            await Server.ReadClientAsync(socket, async text =>
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.GetProperty("method").GetString() == "SUBSCRIBE")
                {
                    foreach (var p in doc.RootElement.GetProperty("params").EnumerateArray())
                    {
                        streams[p.GetString()!] = true;
                    }

                    await Server.SendAsync(socket, $$"""{"result":null,"id":{{doc.RootElement.GetProperty("id").GetInt32()}}}""", cts.Token);
                }
            }, cts.Token);
            await cts.CancelAsync();
        });
        try
        {
            await StreamAsync(socket, streams, cts.Token);
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

    private async Task StreamAsync(WebSocket socket, ConcurrentDictionary<string, bool> streams, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var symbols = Tape.Symbols.Where(s => streams.ContainsKey($"{s.ToExchangeSymbol(Exchange.Binance).ToLowerInvariant()}@kline_1m")).ToArray();
            int bar = Tape.Cursor;
            if (symbols.Length == 0 || bar >= Tape.Count)
            {
                await Task.Delay(5, ct);
                continue;
            }

            var fault = Faults.Take(bar);
            if (fault.HasFlag(Fault.Malformed))
            {
                await Server.SendAsync(socket, "this is not json", ct);
                await Server.SendAsync(socket, """{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1}}""", ct);
            }

            if (fault.HasFlag(Fault.Truncated))
            {
                string whole = Kline(symbols[0], Tape.Bars[symbols[0]][bar], false);
                await Server.SendAsync(socket, whole[..(whole.Length / 2)], ct);
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

                continue;
            }

            Tape.Cursor = bar + 1;
            foreach (var s in symbols)
            {
                var final = Tape.Bars[s][bar];
                bool first = s == symbols[0];
                if (first && fault.HasFlag(Fault.Spike))
                {
                    final = final with { Open = final.Open * 100, High = final.High * 100, Low = final.Low * 100, Close = final.Close * 100 };
                }

                string frame = Kline(s, final, true, first && fault.HasFlag(Fault.NaN) ? "NaN" : null);
                await Server.SendAsync(socket, frame, ct);
                if (fault.HasFlag(Fault.Duplicate))
                {
                    await Server.SendAsync(socket, frame, ct);
                }
            }

            await Task.Delay(Step, ct);
            if (fault.HasFlag(Fault.Drop))
            {
                Tape.Cursor += Faults.SkipOnDrop;
                await Task.Delay(30, ct);
                socket.Abort();
                return;
            }

            if (fault.HasFlag(Fault.Silence))
            {
                Tape.Cursor += Faults.SkipOnDrop;
                await Task.Delay(Timeout.Infinite, ct);
            }
        }
    }

    private async Task KlinesAsync(HttpContext context)
    {
        if (await Server.TryFailRestAsync(context))
        {
            return;
        }

        var q = context.Request.Query;
        if (!Symbol.TryParse(q["symbol"], out var symbol) || !Tape.Bars.ContainsKey(symbol))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"code":-1121,"msg":"Invalid symbol."}""");
            return;
        }

        DateTime from = DateTime.UnixEpoch.AddMilliseconds(long.Parse(q["startTime"]!, CultureInfo.InvariantCulture));
        DateTime to = DateTime.UnixEpoch.AddMilliseconds(long.Parse(q["endTime"]!, CultureInfo.InvariantCulture) + 1);
        int limit = int.Parse(q["limit"]!, CultureInfo.InvariantCulture);
        var rows = Tape.Closed(symbol, from, to).Take(limit).Select(c =>
        {
            long t = (long)(c.Timestamp - DateTime.UnixEpoch).TotalMilliseconds;
            return string.Create(CultureInfo.InvariantCulture, $"""[{t},"{c.Open}","{c.High}","{c.Low}","{c.Close}","{c.Volume}",{t + 59_999},"1.0",100,"0.5","0.5","0"]""");
        });
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("[" + string.Join(',', rows) + "]");
    }
}
