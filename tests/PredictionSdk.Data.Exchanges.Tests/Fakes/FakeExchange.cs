using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>
/// What every fake exchange shares: the loopback <see cref="FakeExchangeServer"/>, the <see cref="CandleTape"/> it
/// plays, the <see cref="FaultPlan"/>, the life of one WebSocket session and the tape loop with its end-of-bar faults.
/// A subclass maps its routes and speaks its exchange's messages (subscription handshake, frames, REST shapes).
/// </summary>
public abstract class FakeExchange : IAsyncDisposable
{
    public FakeExchangeServer Server { get; private set; } = null!;

    public CandleTape Tape { get; private set; } = null!;

    public FaultPlan Faults { get; } = new();

    /// <summary>Pause between the messages of a bar: the pace of the tape.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Prices of <paramref name="bar"/> multiplied by 100: what <see cref="Fault.Spike"/> sends.</summary>
    public static Candle Spiked(in Candle bar) =>
        bar with { Open = bar.Open * 100, High = bar.High * 100, Low = bar.Low * 100, Close = bar.Close * 100 };

    public static long UnixSeconds(DateTime time) => (long)(time - DateTime.UnixEpoch).TotalSeconds;

    public static long UnixMilliseconds(DateTime time) => (long)(time - DateTime.UnixEpoch).TotalMilliseconds;

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Server.DisposeAsync();
    }

    /// <summary>Starts <paramref name="fake"/> on a fresh loopback server with the routes its <see cref="Map"/> declares.</summary>
    protected static async Task<TFake> StartAsync<TFake>(TFake fake, CandleTape tape)
        where TFake : FakeExchange
    {
        fake.Tape = tape;
        fake.Server = await FakeExchangeServer.StartAsync((app, _) => fake.Map(app));
        return fake;
    }

    /// <summary>The first half of <paramref name="message"/>: a frame cut short.</summary>
    protected static string Truncated(string message) => message[..(message.Length / 2)];

    /// <summary>
    /// The bar's final as the fault plan wants it: spiked when <see cref="Fault.Spike"/> and <paramref name="first"/>
    /// (the first subscribed symbol is the one that goes wrong); <paramref name="nanClose"/> is the close text to send
    /// instead of the true one when <see cref="Fault.NaN"/> and <paramref name="first"/>, else null.
    /// </summary>
    protected static Candle Faulted(in Candle bar, Fault fault, bool first, string nan, out string? nanClose)
    {
        nanClose = first && fault.HasFlag(Fault.NaN) ? nan : null;
        return first && fault.HasFlag(Fault.Spike) ? Spiked(bar) : bar;
    }

    protected static DateTime QueryUnixSeconds(HttpContext context, string name) =>
        DateTime.UnixEpoch.AddSeconds(long.Parse(context.Request.Query[name]!, CultureInfo.InvariantCulture));

    protected static DateTime QueryUnixMilliseconds(HttpContext context, string name) =>
        DateTime.UnixEpoch.AddMilliseconds(long.Parse(context.Request.Query[name]!, CultureInfo.InvariantCulture));

    protected static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    /// <summary>Declares the exchange's WebSocket and REST routes.</summary>
    protected abstract void Map(WebApplication app);

    /// <summary>
    /// Maps a REST GET whose calls are counted and answered first by the queued <see cref="FakeExchangeServer.RestFailures"/>;
    /// <paramref name="reject"/> (e.g. a credentials check) runs before either and returns true when it answered.
    /// </summary>
    protected void MapRest(WebApplication app, string pattern, Func<HttpContext, Task> handler, Func<HttpContext, Task<bool>>? reject = null) =>
        app.MapGet(pattern, async context =>
        {
            if ((reject is not null && await reject(context)) || await Server.TryFailRestAsync(context))
            {
                return;
            }

            await handler(context);
        });

    /// <summary>
    /// One WebSocket session: accepts the upgrade (or refuses it, as <see cref="FakeExchangeServer.RefuseNextConnections"/> says),
    /// sends <paramref name="greeting"/>, hands each client message to <paramref name="onClientMessage"/> on a reader task
    /// and runs <paramref name="stream"/> until either side ends; a client going away ends the session quietly.
    /// </summary>
    protected async Task ServeSessionAsync(
        HttpContext context,
        Func<WebSocket, string, CancellationToken, Task> onClientMessage,
        Func<WebSocket, CancellationToken, Task> stream,
        string? greeting = null)
    {
        using var socket = await Server.AcceptAsync(context);
        if (socket is null)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (greeting is not null)
        {
            await Server.SendAsync(socket, greeting, cts.Token);
        }

        var reader = Task.Run(async () =>
        {
            await Server.ReadClientAsync(socket, text => onClientMessage(socket, text, cts.Token), cts.Token);
            await cts.CancelAsync();
        });
        try
        {
            await stream(socket, cts.Token);
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

    /// <summary>
    /// Plays the tape from its cursor until the session ends: past the end it calls <paramref name="idle"/>; otherwise it
    /// takes the bar's faults, lets <paramref name="playBar"/> send the bar (and advance the cursor), waits a
    /// <see cref="Step"/>, then applies the end-of-bar faults (<see cref="Fault.Drop"/>, <see cref="Fault.Silence"/>).
    /// </summary>
    protected async Task PlayTapeAsync(WebSocket socket, Func<CancellationToken, Task> idle, Func<int, Fault, CancellationToken, Task> playBar, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            int bar = Tape.Cursor;
            if (bar >= Tape.Count)
            {
                await idle(ct);
                continue;
            }

            var fault = Faults.Take(bar);
            await playBar(bar, fault, ct);
            await Task.Delay(Step, ct);
            if (fault.HasFlag(Fault.Drop))
            {
                // The client is away while SkipOnDrop bars pass: the gap it must backfill.
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
}
