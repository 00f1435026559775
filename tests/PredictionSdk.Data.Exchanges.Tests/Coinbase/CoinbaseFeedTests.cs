using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Coinbase;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Coinbase;

/// <summary>Coinbase adapter (trades → bars) against a loopback fake: the happy path and the fault suite.</summary>
public sealed class CoinbaseFeedTests() : FeedSuite<FakeCoinbaseServer, CoinbaseCandleSource, CoinbaseFeedOptions>([BtcUsd, EthUsd], bars: 14)
{
    private static readonly Symbol BtcUsd = Symbol.Parse("BTC-USD");
    private static readonly Symbol EthUsd = Symbol.Parse("ETH-USD");

    [Fact]
    public async Task Aggregates_trades_into_bars_matching_the_exchange()
    {
        using var source = Source();
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        Assert.Contains(updates, u => !u.IsFinal && u.Symbol == BtcUsd && u.Candle.Timestamp == Fake.Tape.Start.AddMinutes(4));
        // Only the first bar (joined mid-bar) is confirmed over REST; the others are built from trades, order flow included.
        Assert.Equal(2, source.Statistics.BackfilledBars);
        var built = updates.Where(u => u.IsFinal && u.Symbol == BtcUsd && u.Candle.Timestamp > Fake.Tape.Start).Select(u => u.Candle).ToList();
        Assert.NotEmpty(built);
        Assert.All(built, c => Assert.True(c.HasOrderFlow, c.ToString()));
        Assert.Equal(0, source.Statistics.MalformedFrames);
        Assert.True(source.Statistics.Heartbeats >= Bars);
        Assert.Equal(2, Fake.Server.ClientMessages.Count);
        Assert.Contains("""{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"market_trades"}""", Fake.Server.ClientMessages);
        Assert.Contains("""{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"heartbeats"}""", Fake.Server.ClientMessages);
    }

    [Fact]
    public async Task Dropped_connection_reconnects_and_backfills_without_double_counting_snapshot_trades()
    {
        using var source = Source();
        await StreamAcrossDropAsync(source, dropAt: 5);

        Assert.True(source.Statistics.BackfilledBars >= 2 + (2 * Fake.Faults.SkipOnDrop));
    }

    [Fact]
    public async Task Server_refusing_reconnects_for_a_while_is_retried_with_backoff()
    {
        using var source = Source();
        await StreamRefusingReconnectsAsync(source, dropAt: 4, armAfter: 1, refusals: 3);
    }

    [Fact]
    public async Task Malformed_and_truncated_messages_are_counted_and_their_bars_confirmed_over_rest()
    {
        Fake.Faults.At(3, Fault.Malformed).At(7, Fault.Truncated);
        using var source = Source();
        await StreamSkippingMalformedAsync(source, frames: 3);
    }

    [Fact]
    public async Task Duplicated_out_of_order_and_late_trades_are_handled_and_counted()
    {
        Fake.Faults.At(4, Fault.Duplicate).At(6, Fault.SwapWithNext).At(9, Fault.LateTrade);
        using var source = Source();
        // The swapped close trade still lands in bar 6, the repeated trades count once.
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        Assert.Equal(2, source.Statistics.DuplicatesDropped);
        Assert.Equal(1, source.Statistics.LateTradesDropped);
        Assert.Equal(2, source.Statistics.BackfilledBars);
    }

    [Fact]
    public async Task NaN_trade_is_rejected_counted_and_its_bar_taken_from_rest()
    {
        using var source = Source();
        await StreamRejectingNaNAsync(source, at: 6, rejected: 1, backfilled: 3);

        Assert.Equal(1, Log.Count(FeedEvents.TradeRejected));
    }

    [Fact]
    public async Task Price_spike_trade_is_passed_on_in_its_bar()
    {
        using var source = Source();
        await StreamPassingSpikeAsync(source, at: 6, (s, i, c) => s == BtcUsd && i == 6 ? FakeCoinbaseServer.FromTrades(c with { High = c.High * 100 }) : c);
    }

    [Fact]
    public async Task Rest_429_and_5xx_during_backfill_are_retried()
    {
        using var source = Source();
        await StreamWithRestFailuresAsync(source, dropAt: 5, [429, 500, 503], armAfter: 2);
    }

    [Fact]
    public async Task History_reads_candles_in_ascending_order()
    {
        Fake.Tape.Cursor = Bars;
        using var source = Source();
        var history = await source.GetHistoryAsync(EthUsd, Interval.OneMinute, Fake.Tape.Start.AddMinutes(1), Fake.Tape.Start.AddMinutes(11));

        // REST candles carry no order flow; only bars built from trades do.
        Assert.Equal(Fake.Tape.Bars[EthUsd][1..11].Select(CandleTape.WithoutOrderFlow), history);
        Assert.Throws<ArgumentException>(() => CoinbaseCandleSource.Granularity(Interval.FourHours));
    }

    [Fact]
    public void Registers_through_di_as_a_keyed_source()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddCoinbaseFeed(o => o.LateTradeTolerance = TimeSpan.FromSeconds(1));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<CoinbaseCandleSource>(provider.GetRequiredKeyedService<ICandleSource>("coinbase"));
    }

    protected override Symbol ForeignSymbol => Symbol.Stock("AAPL");

    protected override int HistoryPageLimit => 350;

    protected override Task<FakeCoinbaseServer> StartFakeAsync(CandleTape tape) => FakeCoinbaseServer.StartAsync(tape);

    protected override CoinbaseFeedOptions NewOptions() => new();

    protected override CoinbaseCandleSource Create(CoinbaseFeedOptions options, ILogger<CoinbaseCandleSource> logger) => new(options, logger: logger);
}
