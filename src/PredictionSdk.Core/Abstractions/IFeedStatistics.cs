namespace PredictionSdk;

/// <summary>
/// Counters a candle source keeps about its own feed, for whoever hosts it: a stream adds them to its statistics
/// without knowing the source's type. Implement it on any <see cref="ICandleSource"/> that reconnects or parses
/// messages itself; the counters only grow and must be safe to read from any thread while the feed runs.
/// </summary>
public interface IFeedStatistics
{
    /// <summary>Connections after the first one (drops, idle timeouts, planned renewals).</summary>
    long Reconnects { get; }

    /// <summary>Messages that could not be parsed and were skipped.</summary>
    long MalformedFrames { get; }
}
