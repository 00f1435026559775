using Microsoft.Extensions.Logging;

namespace PredictionSdk.Data.Replay;

/// <summary>Log events of the replay feed; the ids continue the exchange feeds' range and are stable.</summary>
internal static partial class FeedLog
{
    [LoggerMessage(EventId = 6116, EventName = "ReplayStarted", Level = LogLevel.Information, Message = "replay: {Symbols} symbols, {Bars} bars, speed {Speed}")]
    public static partial void ReplayStarted(ILogger logger, int symbols, int bars, string speed);
}
