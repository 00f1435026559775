using Microsoft.Extensions.Logging;

namespace PredictionSdk.Data.Exchanges;

/// <summary>Log events of the exchange feeds. The ids are stable: alert on them.</summary>
internal static partial class FeedLog
{
    [LoggerMessage(EventId = 6100, EventName = "FeedConnected", Level = LogLevel.Information, Message = "{Feed}: connected to {Endpoint} (connection {Connection})")]
    public static partial void Connected(ILogger logger, string feed, string endpoint, long connection);

    [LoggerMessage(EventId = 6101, EventName = "FeedDisconnected", Level = LogLevel.Warning, Message = "{Feed}: connection lost ({Reason})")]
    public static partial void Disconnected(ILogger logger, string feed, string reason, Exception? exception);

    [LoggerMessage(EventId = 6102, EventName = "FeedReconnectScheduled", Level = LogLevel.Warning, Message = "{Feed}: connection attempt {Attempt} failed; retrying in {Delay}")]
    public static partial void ReconnectScheduled(ILogger logger, string feed, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 6103, EventName = "FeedMalformedFrame", Level = LogLevel.Warning, Message = "{Feed}: malformed message skipped ({Reason}): {Excerpt}")]
    public static partial void MalformedFrame(ILogger logger, string feed, string reason, string excerpt);

    [LoggerMessage(EventId = 6104, EventName = "FeedCandleRejected", Level = LogLevel.Warning, Message = "{Feed}: invalid candle for {Symbol} {Handling} ({Rule}: {Reason}): {Candle}")]
    public static partial void CandleRejected(ILogger logger, string feed, Symbol symbol, string handling, PredictionSdk.Validation.CandleRule rule, string reason, Candle candle);

    [LoggerMessage(EventId = 6105, EventName = "FeedExchangeError", Level = LogLevel.Warning, Message = "{Feed}: exchange reported an error: {Error}")]
    public static partial void ExchangeError(ILogger logger, string feed, string error);

    [LoggerMessage(EventId = 6106, EventName = "FeedBackfilled", Level = LogLevel.Information, Message = "{Feed}: gap {From:o} – {To:o} for {Symbol} backfilled with {Count} bars")]
    public static partial void Backfilled(ILogger logger, string feed, Symbol symbol, DateTime from, DateTime to, int count);

    [LoggerMessage(EventId = 6107, EventName = "FeedBackfillFailed", Level = LogLevel.Error, Message = "{Feed}: gap {From:o} – {To:o} for {Symbol} could not be backfilled")]
    public static partial void BackfillFailed(ILogger logger, string feed, Symbol symbol, DateTime from, DateTime to, Exception exception);

    [LoggerMessage(EventId = 6108, EventName = "FeedDuplicateDropped", Level = LogLevel.Debug, Message = "{Feed}: update for closed bar {Timestamp:o} of {Symbol} dropped")]
    public static partial void DuplicateDropped(ILogger logger, string feed, Symbol symbol, DateTime timestamp);

    [LoggerMessage(EventId = 6109, EventName = "FeedConnectionRenewed", Level = LogLevel.Information, Message = "{Feed}: connection reached its lifetime of {Lifetime}; renewing")]
    public static partial void ConnectionRenewed(ILogger logger, string feed, TimeSpan lifetime);

    [LoggerMessage(EventId = 6110, EventName = "FeedIdleTimeout", Level = LogLevel.Warning, Message = "{Feed}: nothing received for {Timeout}; reconnecting")]
    public static partial void IdleTimeout(ILogger logger, string feed, TimeSpan timeout);

    [LoggerMessage(EventId = 6111, EventName = "FeedRestRetry", Level = LogLevel.Warning, Message = "{Feed}: REST {Path} failed ({Outcome}); retry {Attempt} in {Delay}")]
    public static partial void RestRetry(ILogger logger, string feed, string path, string outcome, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 6112, EventName = "FeedLateTradeDropped", Level = LogLevel.Debug, Message = "{Feed}: trade at {Time:o} for {Symbol} arrived after its bar closed")]
    public static partial void LateTradeDropped(ILogger logger, string feed, Symbol symbol, DateTime time);

    [LoggerMessage(EventId = 6113, EventName = "FeedGapOutsideSession", Level = LogLevel.Debug, Message = "{Feed}: gap {From:o} – {To:o} for {Symbol} lies outside market hours; not backfilled")]
    public static partial void GapOutsideSession(ILogger logger, string feed, Symbol symbol, DateTime from, DateTime to);

    [LoggerMessage(EventId = 6114, EventName = "FeedStopped", Level = LogLevel.Information, Message = "{Feed}: stopped ({Statistics})")]
    public static partial void Stopped(ILogger logger, string feed, FeedStatistics statistics);

    [LoggerMessage(EventId = 6115, EventName = "FeedFatal", Level = LogLevel.Critical, Message = "{Feed}: stopped by an unrecoverable error")]
    public static partial void Fatal(ILogger logger, string feed, Exception exception);

    [LoggerMessage(EventId = 6117, EventName = "FeedTradeRejected", Level = LogLevel.Warning, Message = "{Feed}: trade with a non-finite or non-positive price or size dropped: {Excerpt}")]
    public static partial void TradeRejected(ILogger logger, string feed, string excerpt);
}
