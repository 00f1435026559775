namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>The feeds' log event ids the suites count, by name.</summary>
public static class FeedEvents
{
    public const int ReconnectScheduled = 6102;
    public const int MalformedFrame = 6103;
    public const int CandleRejected = 6104;
    public const int ExchangeError = 6105;
    public const int Backfilled = 6106;
    public const int BackfillFailed = 6107;
    public const int RestRetry = 6111;
    public const int GapOutsideSession = 6113;
    public const int Fatal = 6115;
    public const int TradeRejected = 6117;
}
