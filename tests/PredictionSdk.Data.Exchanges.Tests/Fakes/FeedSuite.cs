using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>
/// Base of a feed fault suite: a fresh fake exchange per test playing a tape of <see cref="Bars"/> bars (and a few
/// beyond: a gap is only seen when a later bar arrives), a source wired to it with fast timeouts and a captured log,
/// and the scenarios every exchange runs.
/// </summary>
public abstract class FeedSuite<TFake, TSource, TOptions> : IAsyncLifetime
    where TFake : FakeExchange
    where TSource : WebSocketCandleSource
    where TOptions : ExchangeFeedOptions
{
    private readonly DateTime? _tapeStart;

    protected FeedSuite(IReadOnlyList<Symbol> symbols, int bars, DateTime? tapeStart = null)
    {
        Symbols = symbols;
        Bars = bars;
        _tapeStart = tapeStart;
    }

    /// <summary>The tape bars a test waits for: [0, Bars).</summary>
    protected int Bars { get; }

    protected IReadOnlyList<Symbol> Symbols { get; }

    protected ListLogger<TSource> Log { get; } = new();

    protected TFake Fake { get; set; } = null!;

    /// <summary>A symbol of an asset class the exchange does not stream.</summary>
    protected abstract Symbol ForeignSymbol { get; }

    /// <summary>The most bars the exchange answers to one history request (its fake enforces the same).</summary>
    protected abstract int HistoryPageLimit { get; }

    /// <summary>Where the source connects its WebSocket; the server root unless the exchange has a path.</summary>
    protected virtual Uri WebSocketUrl => Fake.Server.WebSocketBase;

    public async Task InitializeAsync() => Fake = await StartFakeAsync(new CandleTape(Symbols, Bars + 4, _tapeStart));

    public async Task DisposeAsync() => await Fake.DisposeAsync();

    [Fact]
    public async Task Symbols_of_another_asset_class_are_refused_by_name()
    {
        using var source = Source();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CollectAsync(source, [Symbols[0], ForeignSymbol], _ => true));

        Assert.Equal("symbols", error.ParamName);
        Assert.Contains($"'{ForeignSymbol}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Fake.Server.WebSocketConnections);
    }

    [Fact]
    public async Task History_longer_than_a_page_comes_back_whole_in_requests_the_exchange_accepts()
    {
        // What a warm-up asks for: more closed bars than one answer holds.
        int bars = (HistoryPageLimit * 2) + 150;
        await Fake.DisposeAsync();
        Fake = await StartFakeAsync(new CandleTape(Symbols, bars + 10, _tapeStart));
        Fake.Tape.Cursor = bars + 10;
        using var source = Source();
        DateTime from = Fake.Tape.Start.AddMinutes(5);

        var history = await source.GetHistoryAsync(Symbols[0], Interval.OneMinute, from, from.AddMinutes(bars));

        Assert.Equal(Fake.Tape.Bars[Symbols[0]].Skip(5).Take(bars).Select(c => c.Timestamp), history.Select(c => c.Timestamp));
        Assert.Equal((bars + HistoryPageLimit - 1) / HistoryPageLimit, Fake.Server.RestCalls);
    }

    /// <summary>Starts the exchange's fake over <paramref name="tape"/>.</summary>
    protected abstract Task<TFake> StartFakeAsync(CandleTape tape);

    /// <summary>The exchange's options with whatever it requires (e.g. credentials); endpoints and timings are set after.</summary>
    protected abstract TOptions NewOptions();

    protected abstract TSource Create(TOptions options, ILogger<TSource> logger);

    /// <summary>A source on the fake with short backoffs and timeouts, logging into <see cref="Log"/>.</summary>
    protected TSource Source(Action<TOptions>? configure = null)
    {
        var options = Fast(NewOptions(), Fake.Server.HttpBase, WebSocketUrl);
        configure?.Invoke(options);
        return Create(options, Log);
    }

    /// <summary>The final of <see cref="Bars"/> − 1 seen for every symbol.</summary>
    protected bool ReachedLastBar(List<CandleUpdate> updates) => FinalsThrough(Fake.Tape, Bars - 1)(updates);

    /// <summary>A final of the bar at <paramref name="index"/> seen, of any symbol.</summary>
    protected bool SawFinalOf(List<CandleUpdate> updates, int index) =>
        updates.Any(u => u.IsFinal && u.Candle.Timestamp == Fake.Tape.Start.AddMinutes(index));

    /// <summary>Streams until the last bar and returns every update, asserting nothing.</summary>
    protected Task<List<CandleUpdate>> CollectThroughLastBarAsync(TSource source) => CollectAsync(source, Symbols, ReachedLastBar);

    /// <summary>
    /// Streams until the last bar, running <paramref name="onUpdate"/> on the updates so far before each check (to arm a
    /// fault mid-stream), and asserts that every symbol's finals are exactly the tape's: none lost, duplicated or altered
    /// (beyond <paramref name="expected"/>).
    /// </summary>
    protected async Task<List<CandleUpdate>> StreamAllBarsAsync(
        TSource source,
        Func<Symbol, int, Candle, Candle>? expected = null,
        Action<List<CandleUpdate>>? onUpdate = null,
        bool fromFirstSeen = false)
    {
        var updates = await CollectAsync(source, Symbols, u =>
        {
            onUpdate?.Invoke(u);
            return ReachedLastBar(u);
        });
        AssertFinalsMatchTape(updates, Fake.Tape, Bars - 1, expected, fromFirstSeen);
        return updates;
    }

    /// <summary>The expected finals when the first symbol's bar <paramref name="index"/> was sent spiked.</summary>
    protected Func<Symbol, int, Candle, Candle> SpikedAt(int index) => (s, i, c) => s == Symbols[0] && i == index ? FakeExchange.Spiked(c) : c;

    /// <summary>The connection drops at bar <paramref name="dropAt"/>: one reconnect, and the finals still match the tape, in order.</summary>
    protected async Task<List<CandleUpdate>> StreamAcrossDropAsync(TSource source, int dropAt = 5)
    {
        Fake.Faults.At(dropAt, Fault.Drop);
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        Assert.Equal(1, source.Statistics.Reconnects);
        Assert.Equal(1, ((IFeedStatistics)source).Reconnects); // what a stream reads without knowing the source's type
        return updates;
    }

    /// <summary>
    /// Streams with the garbage the test planned (malformed, truncated frames): exactly <paramref name="frames"/> are counted
    /// and logged as malformed, the connection is kept and the finals still match the tape.
    /// </summary>
    protected async Task<List<CandleUpdate>> StreamSkippingMalformedAsync(TSource source, int frames)
    {
        var updates = await StreamAllBarsAsync(source);

        Assert.Equal(frames, source.Statistics.MalformedFrames);
        Assert.Equal(frames, ((IFeedStatistics)source).MalformedFrames);
        Assert.Equal(frames, Log.Count(FeedEvents.MalformedFrame));
        Assert.Equal(0, source.Statistics.Reconnects);
        return updates;
    }

    /// <summary>
    /// The first symbol's bar <paramref name="at"/> arrives with a NaN price: <paramref name="rejected"/> candles are rejected,
    /// <paramref name="backfilled"/> bars come from REST, and the finals match the tape (the true bar replaces the bad one).
    /// </summary>
    protected async Task StreamRejectingNaNAsync(TSource source, int at, int rejected, int backfilled, Func<Symbol, int, Candle, Candle>? expected = null)
    {
        Fake.Faults.At(at, Fault.NaN);
        await StreamAllBarsAsync(source, expected);

        Assert.Equal(rejected, source.Statistics.RejectedCandles);
        Assert.Equal(backfilled, source.Statistics.BackfilledBars);
    }

    /// <summary>
    /// The first symbol's bar <paramref name="at"/> arrives with prices ×100: it is a valid candle, passed on unchanged
    /// (<paramref name="expected"/>, by default every price ×100) for the pipeline to judge; nothing is rejected.
    /// </summary>
    protected async Task StreamPassingSpikeAsync(TSource source, int at, Func<Symbol, int, Candle, Candle>? expected = null)
    {
        Fake.Faults.At(at, Fault.Spike);
        await StreamAllBarsAsync(source, expected ?? SpikedAt(at));

        Assert.Equal(0, source.Statistics.RejectedCandles);
    }

    /// <summary>
    /// The connection drops at bar <paramref name="dropAt"/>; once a final of bar <paramref name="armAfter"/> is seen the
    /// server refuses the next <paramref name="refusals"/> upgrades. Every bar still arrives; each refusal is a counted
    /// connect failure.
    /// </summary>
    protected async Task<List<CandleUpdate>> StreamRefusingReconnectsAsync(TSource source, int dropAt, int armAfter, int refusals)
    {
        Fake.Faults.At(dropAt, Fault.Drop);
        bool armed = false;
        var updates = await StreamAllBarsAsync(source, onUpdate: u =>
        {
            if (!armed && SawFinalOf(u, armAfter))
            {
                Fake.Server.RefuseNextConnections(refusals);
                armed = true;
            }
        });

        Assert.Equal(refusals, Fake.Server.RefusedConnections);
        Assert.Equal(refusals, source.Statistics.ConnectFailures);
        return updates;
    }

    /// <summary>
    /// The connection drops at bar <paramref name="dropAt"/> and the REST calls fail with <paramref name="statuses"/> in turn
    /// (queued once a final of <paramref name="armAfter"/> is seen, or at once): every failure is retried, the backfill
    /// succeeds and no bar is lost.
    /// </summary>
    protected async Task<List<CandleUpdate>> StreamWithRestFailuresAsync(TSource source, int dropAt, int[] statuses, int? armAfter = null)
    {
        Fake.Faults.At(dropAt, Fault.Drop);
        bool armed = false;
        void Arm()
        {
            foreach (int status in statuses)
            {
                Fake.Server.RestFailures.Enqueue(status);
            }

            armed = true;
        }

        if (armAfter is null)
        {
            Arm();
        }

        var updates = await StreamAllBarsAsync(source, onUpdate: u =>
        {
            if (!armed && SawFinalOf(u, armAfter!.Value))
            {
                Arm();
            }
        });

        Assert.Equal(statuses.Length, source.Statistics.RestRetries);
        Assert.Equal(0, source.Statistics.BackfillFailures);
        return updates;
    }
}
