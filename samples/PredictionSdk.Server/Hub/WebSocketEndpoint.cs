using System.Net.WebSockets;
using System.Text.Json;
using PredictionSdk.Server.Security;

namespace PredictionSdk.Server.Hub;

/// <summary>
/// <c>/ws/stream</c>: clients send <c>{"action":"subscribe","symbols":["BTC-USDT"]}</c> or <c>unsubscribe</c>;
/// the server pushes candles and predictions for the subscribed symbols. A malformed message gets a
/// problem-details error frame and the connection stays open.
/// </summary>
public static class WebSocketEndpoint
{
    private const int MaxMessageBytes = 4096;

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointConventionBuilder MapStreamSocket(this IEndpointRouteBuilder app) => app.Map("/ws/stream", HandleAsync).ExcludeFromDescription();

    private static async Task HandleAsync(HttpContext context, StreamHub hub, ISymbolCatalog catalog, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                detail: "/ws/stream accepts WebSocket upgrade requests only.").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(WebSocketKeyProtocol.Select(context.WebSockets.WebSocketRequestedProtocols));
        var client = hub.Connect(socket, context.Abort);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var pump = client.PumpAsync(stopping.Token);
        try
        {
            await ReceiveAsync(client, catalog, stopping.Token);
        }
        finally
        {
            hub.Disconnect(client);
            client.Complete();
            await pump;
        }

        if (socket.State == WebSocketState.CloseReceived)
        {
            // The client started the closing handshake: answer it, so it sees a clean close rather than a dropped connection.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // It went away meanwhile.
            }
        }
    }

    private static async Task ReceiveAsync(HubClient client, ISymbolCatalog catalog, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        try
        {
            while (client.Socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        await client.Socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {MaxMessageBytes} bytes", cancellationToken);
                        return;
                    }

                    result = await client.Socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var reply = Handle(client, catalog, buffer.AsSpan(0, length));
                client.TryEnqueue(JsonSerializer.SerializeToUtf8Bytes(reply, reply.GetType(), ApiJson.Options));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Client disconnected, aborted as too slow, or server stopping.
        }
    }

    internal static object Handle(HubClient client, ISymbolCatalog catalog, ReadOnlySpan<byte> message)
    {
        SocketRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SocketRequest>(message, ApiJson.Options);
        }
        catch (JsonException ex)
        {
            return SocketError.Malformed($"The message is not valid JSON: {ex.Message}");
        }

        if (request?.Action is not ("subscribe" or "unsubscribe"))
        {
            return SocketError.Malformed($"Unknown action '{request?.Action}'; use \"subscribe\" or \"unsubscribe\".");
        }

        if (request.Symbols is not { Count: > 0 })
        {
            return SocketError.Malformed("'symbols' must be a non-empty array of symbols.");
        }

        var symbols = new List<Symbol>();
        foreach (string text in request.Symbols)
        {
            if (!catalog.TryResolve(text, out var symbol))
            {
                return new SocketError("error", StatusCodes.Status404NotFound, "Unknown symbol", $"'{text}' is not served here; see /api/v1/symbols.");
            }

            symbols.Add(symbol);
        }

        if (request.Action == "subscribe")
        {
            client.Subscribe(symbols);
        }
        else
        {
            client.Unsubscribe(symbols);
        }

        return new SocketAck(request.Action == "subscribe" ? "subscribed" : "unsubscribed", client.Symbols.Select(s => s.Value).Order().ToArray());
    }
}

internal sealed record SocketRequest(string? Action, List<string>? Symbols);

internal sealed record SocketAck(string Type, IReadOnlyList<string> Symbols);

internal sealed record SocketError(string Type, int Status, string Title, string Detail)
{
    public static SocketError Malformed(string detail) => new("error", StatusCodes.Status400BadRequest, "Malformed message", detail);
}
