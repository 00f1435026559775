using System.ComponentModel.DataAnnotations;

namespace PredictionSdk.Server;

/// <summary>Settings of the server sample (section <c>Server</c> in appsettings.json).</summary>
public sealed class ServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Server";

    /// <summary>Where candles and predictions are kept: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Server:Storage must be 'sqlite' or 'postgres'.")]
    public string Storage { get; set; } = "sqlite";

    /// <summary>SQLite file for candles and predictions.</summary>
    public string SqlitePath { get; set; } = "data/server.db";

    /// <summary>PostgreSQL connection string, required when <see cref="Storage"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Messages a WebSocket client may have queued (not yet taken by its connection) before it is aborted as too slow.</summary>
    [Range(8, 100_000)]
    public int WebSocketSendQueue { get; set; } = 512;

    /// <summary>Longest a single WebSocket send may wait for the client to read before the client is aborted as too slow.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WebSocketSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When set, every <c>/api</c> and <c>/ws</c> request must carry this key in <c>X-Api-Key</c> (or <c>?api_key=</c> for WebSockets).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Wrong API keys a client address may send per minute before it is locked out (429) for the rest of that minute.</summary>
    [Range(1, 100_000)]
    public int FailedKeysPerMinute { get; set; } = 10;

    /// <summary>Requests per client address and minute on <c>/api</c> and <c>/ws</c>, counted before the key check; 0 disables the limit.</summary>
    [Range(0, 1_000_000)]
    public int RequestsPerMinute { get; set; }

    /// <summary>
    /// Bars at the start of each replay file loaded into the candle store before the replay begins, so charts and
    /// indicators have history at once; the replay streams the bars after them.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ReplayHistoryBars { get; set; } = 3_000;

    /// <summary>Largest <c>limit</c> accepted by the history and candle endpoints.</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 5_000;
}
