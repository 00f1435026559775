using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Kraken;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Kraken;

/// <summary>Kraken v2 adapter against a loopback fake: the happy path and the fault suite.</summary>
public sealed class KrakenFeedTests() : FeedSuite<FakeKrakenServer, KrakenCandleSource, KrakenFeedOptions>([BtcUsd, EthUsd], bars: 16)
{
    private static readonly Symbol BtcUsd = Symbol.Parse("BTC-USD");
    private static readonly Symbol EthUsd = Symbol.Parse("ETH-USD");

    protected override Uri WebSocketUrl => new(Fake.Server.WebSocketBase, "v2");

    [Fact]
    public async Task Streams_bar_updates_and_closes_each_bar_when_the_next_begins()
    {
        using var source = Source();
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        var bar3 = updates.Where(u => u.Symbol == BtcUsd && u.Candle.Timestamp == Fake.Tape.Start.AddMinutes(3)).ToList();
        Assert.Equal([false, false, true], bar3.Select(u => u.IsFinal));
        AssertSame(CandleTape.Partial(Fake.Tape.Bars[BtcUsd][3]), bar3[0].Candle);
        Assert.Equal(0, source.Statistics.MalformedFrames);
        Assert.True(source.Statistics.Heartbeats > 0);
        Assert.Equal("""{"method":"subscribe","params":{"channel":"ohlc","symbol":["BTC/USD","ETH/USD"],"interval":1,"snapshot":true},"req_id":1}""", Fake.Server.ClientMessages.Single());
    }

    [Fact]
    public async Task Dropped_connection_is_filled_from_the_snapshot_and_rest()
    {
        using var source = Source();
        await StreamAcrossDropAsync(source, dropAt: 5);

        Assert.InRange(source.Statistics.BackfilledBars, 2, 8);
        Assert.Equal(2, Fake.Server.ClientMessages.Count);
    }

    [Fact]
    public async Task Server_refusing_reconnects_for_a_while_is_retried_with_backoff()
    {
        using var source = Source();
        await StreamRefusingReconnectsAsync(source, dropAt: 4, armAfter: 2, refusals: 3);
    }

    [Fact]
    public async Task Malformed_and_truncated_messages_are_counted_logged_and_skipped()
    {
        Fake.Faults.At(3, Fault.Malformed).At(8, Fault.Truncated);
        using var source = Source();
        await StreamSkippingMalformedAsync(source, frames: 3);

        // Bars open when a message was lost are confirmed over REST at their close (bar 8 was cut short).
        Assert.True(source.Statistics.BackfilledBars >= 1);
    }

    [Fact]
    public async Task Replayed_updates_of_closed_bars_are_dropped_and_counted()
    {
        Fake.Faults.At(6, Fault.Duplicate).At(9, Fault.Duplicate);
        using var source = Source();
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        Assert.Equal(4, source.Statistics.DuplicatesDropped);
    }

    [Fact]
    public async Task NaN_bar_is_rejected_and_replaced_by_the_rest_bar()
    {
        using var source = Source();
        // Rejected: the last update of the bar and the close built from it.
        await StreamRejectingNaNAsync(source, at: 6, rejected: 2, backfilled: 1);

        Assert.Equal(2, Log.Count(FeedEvents.CandleRejected));
    }

    [Fact]
    public async Task Price_spike_is_passed_on_unchanged()
    {
        using var source = Source();
        await StreamPassingSpikeAsync(source, at: 6);
    }

    [Fact]
    public async Task Rest_429_and_5xx_during_backfill_are_retried()
    {
        using var source = Source();
        await StreamWithRestFailuresAsync(source, dropAt: 5, [429, 503, 500]);
    }

    [Fact]
    public async Task Subscription_error_is_counted_and_the_other_symbols_stream_on()
    {
        using var source = Source();
        var unknown = Symbol.Parse("DOGE-EUR");
        var updates = await CollectAsync(source, [BtcUsd, unknown], u => u.Any(x => x.IsFinal && x.Candle.Timestamp == Fake.Tape.Start.AddMinutes(5)));

        Assert.Equal(1, source.Statistics.ExchangeErrors);
        Assert.Equal(1, Log.Count(FeedEvents.ExchangeError));
        Assert.All(updates, u => Assert.Equal(BtcUsd, u.Symbol));
    }

    [Fact]
    public async Task History_reads_rest_ohlc_and_reports_exchange_errors()
    {
        Fake.Tape.Cursor = Bars;
        using var source = Source();
        var history = await source.GetHistoryAsync(BtcUsd, Interval.OneMinute, Fake.Tape.Start.AddMinutes(3), Fake.Tape.Start.AddMinutes(9));
        Assert.Equal(6, history.Count);
        for (int i = 0; i < history.Count; i++)
        {
            AssertSame(Fake.Tape.Bars[BtcUsd][i + 3], history[i]);
        }


        var error = await Assert.ThrowsAsync<FeedRestException>(() => source.GetHistoryAsync(Symbol.Parse("DOGE-EUR"), Interval.OneMinute, Fake.Tape.Start, Fake.Tape.Start.AddMinutes(3)));
        Assert.Contains("Unknown asset pair", error.Message, StringComparison.Ordinal);
        Assert.Equal("XBTUSD", KrakenCandleSource.RestPair(BtcUsd));
        Assert.Throws<ArgumentException>(() => source.StreamAsync([BtcUsd], Interval.ThreeMinutes).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public void Registers_through_di_as_a_keyed_source()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddKrakenFeed(o => o.RestUrl = Fake.Server.HttpBase.ToString());
        using var provider = services.BuildServiceProvider();
        Assert.IsType<KrakenCandleSource>(provider.GetRequiredKeyedService<ICandleSource>("kraken"));
        Assert.Equal("wss://ws.kraken.com/v2", provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KrakenFeedOptions>>().Value.WebSocketUrl);
    }

    protected override Symbol ForeignSymbol => Symbol.Stock("AAPL");

    protected override int HistoryPageLimit => 720;

    protected override Task<FakeKrakenServer> StartFakeAsync(CandleTape tape) => FakeKrakenServer.StartAsync(tape);

    protected override KrakenFeedOptions NewOptions() => new();

    protected override KrakenCandleSource Create(KrakenFeedOptions options, ILogger<KrakenCandleSource> logger) => new(options, logger: logger);
}
