namespace PredictionSdk.Data.Exchanges;

/// <summary>
/// Running counters of one feed source, safe to read from any thread while the feed runs.
/// Every frame or candle the source does not pass on is counted in exactly one of the "dropped" counters.
/// </summary>
public sealed class FeedStatistics
{
    private long _frames;
    private long _malformed;
    private long _exchangeErrors;
    private long _ignored;
    private long _rejected;
    private long _invalidPassed;
    private long _duplicates;
    private long _lateTrades;
    private long _updates;
    private long _finals;
    private long _connections;
    private long _reconnects;
    private long _connectFailures;
    private long _plannedReconnects;
    private long _idleTimeouts;
    private long _backfilled;
    private long _backfillFailures;
    private long _restRequests;
    private long _restRetries;
    private long _heartbeats;

    /// <summary>WebSocket messages received.</summary>
    public long FramesReceived => Interlocked.Read(ref _frames);

    /// <summary>Messages that could not be parsed (bad JSON, truncated, missing or unreadable fields, oversized).</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformed);

    /// <summary>Error messages sent by the exchange (bad subscription, rate limit notices).</summary>
    public long ExchangeErrors => Interlocked.Read(ref _exchangeErrors);

    /// <summary>Well-formed messages about something not subscribed (unknown symbol or channel).</summary>
    public long IgnoredFrames => Interlocked.Read(ref _ignored);

    /// <summary>Candles dropped because a price was not finite or high/low contradicted open/close.</summary>
    public long RejectedCandles => Interlocked.Read(ref _rejected);

    /// <summary>Invalid candles passed on because <see cref="InvalidCandleHandling.PassThrough"/> is set.</summary>
    public long InvalidCandlesPassed => Interlocked.Read(ref _invalidPassed);

    /// <summary>Updates dropped because their bar was already closed (duplicates, out-of-order, replayed snapshots).</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Trades dropped because their bar had already been closed (later than the lateness tolerance).</summary>
    public long LateTradesDropped => Interlocked.Read(ref _lateTrades);

    /// <summary>Updates passed on (open and final).</summary>
    public long UpdatesEmitted => Interlocked.Read(ref _updates);

    /// <summary>Final (closed) bars passed on, backfilled ones included.</summary>
    public long FinalBarsEmitted => Interlocked.Read(ref _finals);

    /// <summary>Successful WebSocket connections.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connections after the first one (drops, idle timeouts, planned renewals).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Connection attempts that failed or ended before any data arrived.</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Connections closed on purpose at <see cref="ExchangeFeedOptions.MaxConnectionLifetime"/>.</summary>
    public long PlannedReconnects => Interlocked.Read(ref _plannedReconnects);

    /// <summary>Connections dropped because nothing arrived within <see cref="ExchangeFeedOptions.IdleTimeout"/>.</summary>
    public long IdleTimeouts => Interlocked.Read(ref _idleTimeouts);

    /// <summary>Closed bars fetched over REST to fill a gap.</summary>
    public long BackfilledBars => Interlocked.Read(ref _backfilled);

    /// <summary>Gaps that REST could not fill (retries exhausted or circuit open).</summary>
    public long BackfillFailures => Interlocked.Read(ref _backfillFailures);

    /// <summary>REST requests sent, retries included.</summary>
    public long RestRequests => Interlocked.Read(ref _restRequests);

    /// <summary>REST retries after a transport error, 429 or 5xx.</summary>
    public long RestRetries => Interlocked.Read(ref _restRetries);

    /// <summary>Heartbeat and keep-alive messages received.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant(
            $"frames={FramesReceived} malformed={MalformedFrames} errors={ExchangeErrors} ignored={IgnoredFrames} rejected={RejectedCandles} duplicates={DuplicatesDropped} late={LateTradesDropped} updates={UpdatesEmitted} finals={FinalBarsEmitted} reconnects={Reconnects} connectFailures={ConnectFailures} backfilled={BackfilledBars} backfillFailures={BackfillFailures} restRetries={RestRetries}");

    internal void Frame() => Interlocked.Increment(ref _frames);

    internal void Malformed() => Interlocked.Increment(ref _malformed);

    internal void ExchangeError() => Interlocked.Increment(ref _exchangeErrors);

    internal void Ignored() => Interlocked.Increment(ref _ignored);

    internal void Rejected() => Interlocked.Increment(ref _rejected);

    internal void InvalidPassed() => Interlocked.Increment(ref _invalidPassed);

    internal void Duplicate() => Interlocked.Increment(ref _duplicates);

    internal void LateTrade() => Interlocked.Increment(ref _lateTrades);

    internal void Emitted(bool isFinal)
    {
        Interlocked.Increment(ref _updates);
        if (isFinal)
        {
            Interlocked.Increment(ref _finals);
        }
    }

    internal void Connected(bool isReconnect)
    {
        Interlocked.Increment(ref _connections);
        if (isReconnect)
        {
            Interlocked.Increment(ref _reconnects);
        }
    }

    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);

    internal void PlannedReconnect() => Interlocked.Increment(ref _plannedReconnects);

    internal void IdleTimeout() => Interlocked.Increment(ref _idleTimeouts);

    internal void Backfilled(int bars) => Interlocked.Add(ref _backfilled, bars);

    internal void BackfillFailed() => Interlocked.Increment(ref _backfillFailures);

    internal void RestRequest() => Interlocked.Increment(ref _restRequests);

    internal void RestRetry() => Interlocked.Increment(ref _restRetries);

    internal void Heartbeat() => Interlocked.Increment(ref _heartbeats);
}
