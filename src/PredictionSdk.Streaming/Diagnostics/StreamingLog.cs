using Microsoft.Extensions.Logging;

namespace PredictionSdk.Streaming;

/// <summary>Log events of the streaming pipeline. Event ids are stable: dashboards and alerts may rely on them.</summary>
internal static partial class StreamingLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Stream starting: {SymbolCount} symbols, interval {Interval}, {WorkerCount} workers, sources {Sources}, model {Model}")]
    public static partial void Starting(ILogger logger, int symbolCount, Interval interval, int workerCount, string sources, string model);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Stream stopped: {Candles} candles, {Predictions} predictions, {Drops} drops, {Rejected} rejected, {Backfilled} backfilled, {Reconnects} reconnects")]
    public static partial void Stopped(ILogger logger, long candles, long predictions, long drops, long rejected, long backfilled, long reconnects);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Stream drain timed out; in-flight work was abandoned")]
    public static partial void DrainTimedOut(ILogger logger);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Model {Model} was trained on {TrainedOn} but serves {Symbol}, as configured: check that it is the same market and price")]
    public static partial void ServesOtherSymbol(ILogger logger, string model, string trainedOn, Symbol symbol);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Rejected {Symbol} update from {Source} at {Timestamp:o}: {Reason} ({Candle})")]
    public static partial void Rejected(ILogger logger, Symbol symbol, string source, DateTime timestamp, string reason, Candle candle);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Accepted a new price level for {Symbol} from {Source} after {Count} consecutive outlier bars (close {Close})")]
    public static partial void OutlierLevelAccepted(ILogger logger, Symbol symbol, string source, int count, double close);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Gap in {Symbol} from {Source}: {Bars} bars missing from {From:o} to {To:o}")]
    public static partial void GapDetected(ILogger logger, Symbol symbol, string source, long bars, DateTime from, DateTime to);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Backfilled {Bars} bars of {Symbol} from {Source}")]
    public static partial void Backfilled(ILogger logger, Symbol symbol, string source, int bars);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Could not backfill {Symbol} from {Source} ({From:o} to {To:o}); the gap stays")]
    public static partial void BackfillFailed(ILogger logger, Exception exception, Symbol symbol, string source, DateTime from, DateTime to);

    [LoggerMessage(EventId = 6023, Level = LogLevel.Warning, Message = "Gap in {Symbol} from {Source} of {Bars} bars exceeds MaxBackfillBars {Max}; only the latest {Max} are fetched")]
    public static partial void GapTooLong(ILogger logger, Symbol symbol, string source, long bars, int max);

    [LoggerMessage(EventId = 6024, Level = LogLevel.Information, Message = "Warmed up {Symbol} with {Bars} of {Wanted} history bars from {Source}")]
    public static partial void WarmedUp(ILogger logger, Symbol symbol, int bars, int wanted, string source);

    [LoggerMessage(EventId = 6025, Level = LogLevel.Warning, Message = "Could not fetch the {Wanted} history bars of {Symbol} from {Source}; it goes live without them")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception, Symbol symbol, string source, int wanted);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Warning, Message = "Source {Source} failed; restarting in {Delay}")]
    public static partial void SourceFailed(ILogger logger, Exception exception, string source, TimeSpan delay);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Information, Message = "Source {Source} completed")]
    public static partial void SourceCompleted(ILogger logger, string source);

    [LoggerMessage(EventId = 6032, Level = LogLevel.Error, Message = "Source {Source} stopped: its data is malformed and retrying cannot fix it")]
    public static partial void SourceFaulted(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 6033, Level = LogLevel.Warning, Message = "A SourceFaulted handler threw for source {Source}")]
    public static partial void FaultHandlerFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 6040, Level = LogLevel.Warning, Message = "Prediction for {Symbol} at {Timestamp:o} failed")]
    public static partial void PredictionFailed(ILogger logger, Exception exception, Symbol symbol, DateTime timestamp);

    [LoggerMessage(EventId = 6041, Level = LogLevel.Warning, Message = "A prediction callback or handler threw for {Symbol}")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, Symbol symbol);

    [LoggerMessage(EventId = 6050, Level = LogLevel.Warning, Message = "Stage {Stage} is full and dropped its oldest item; further drops are counted, not logged")]
    public static partial void FirstDrop(ILogger logger, string stage);
}
