namespace PredictionSdk.Data.Exchanges;

/// <summary>How the protocol layer classified one WebSocket message.</summary>
internal enum FrameKind
{
    /// <summary>Market data; its updates are in <see cref="FrameOutput.Updates"/>.</summary>
    Data,

    /// <summary>Acknowledgement, status or greeting.</summary>
    Control,

    /// <summary>Heartbeat or application-level keep-alive.</summary>
    Heartbeat,

    /// <summary>Well-formed but about nothing subscribed.</summary>
    Ignored,

    /// <summary>Unparseable; the reason is in <see cref="FrameOutput.Problem"/>.</summary>
    Malformed,

    /// <summary>An error message from the exchange; the text is in <see cref="FrameOutput.Problem"/>.</summary>
    ExchangeError,
}

/// <summary>One candle update produced by a protocol session.</summary>
/// <param name="Update">The update.</param>
/// <param name="Incomplete">
/// True when the bar was built from a partial view (trades missed during a reconnect); a final bar so marked is
/// replaced by the exchange's REST bar when one is available.
/// </param>
internal readonly record struct SessionUpdate(CandleUpdate Update, bool Incomplete = false);

/// <summary>What parsing one message produced: updates to pass on, replies to send, a problem to report.</summary>
internal sealed class FrameOutput
{
    public List<SessionUpdate> Updates { get; } = [];

    public List<string> Replies { get; } = [];

    public string? Problem { get; set; }

    public int LateTrades { get; set; }

    public int DuplicateTrades { get; set; }

    public int InvalidTrades { get; set; }

    public void Clear()
    {
        Updates.Clear();
        Replies.Clear();
        Problem = null;
        LateTrades = 0;
        DuplicateTrades = 0;
        InvalidTrades = 0;
    }
}

/// <summary>
/// The exchange-specific half of a stream: endpoint, subscribe messages and message parsing. One instance lives
/// for one <see cref="ICandleSource.StreamAsync"/> call and survives reconnects, so it can keep per-symbol state.
/// </summary>
internal abstract class FeedSession
{
    /// <summary>WebSocket endpoint to connect to.</summary>
    public abstract Uri Endpoint { get; }

    /// <summary>
    /// True when every interval has a bar (Binance klines), so any gap means lost data and is backfilled. False when
    /// quiet intervals legitimately have no bar (trade-driven feeds); gaps are then backfilled only after a reconnect.
    /// </summary>
    public virtual bool GapsAreAbnormal => true;

    /// <summary>Pause between consecutive subscribe messages (exchange message-rate limits).</summary>
    public virtual TimeSpan SendSpacing => TimeSpan.Zero;

    /// <summary>Messages to send right after connecting (subscriptions, or nothing when the URL subscribes).</summary>
    public virtual IEnumerable<string> OnConnected() => [];

    /// <summary>Parses one complete message. May throw on malformed input; the caller counts it.</summary>
    public abstract FrameKind OnFrame(ReadOnlySpan<byte> message, FrameOutput output);

    /// <summary>The connection ended; state tied to it (partial bars, auth status) is reset.</summary>
    public virtual void OnDisconnected()
    {
    }

    /// <summary>A message could not be read; it may have carried a bar's last state.</summary>
    public virtual void OnMalformed()
    {
    }

    /// <summary>True when no bar is expected in [<paramref name="from"/>, <paramref name="to"/>) (market closed).</summary>
    public virtual bool IsGapExpected(Symbol symbol, DateTime from, DateTime to) => false;
}
