using Microsoft.Extensions.DependencyInjection;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Coinbase;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Coinbase;

/// <summary>Coinbase adapter (trades → bars) against a loopback fake: the happy path and the fault suite.</summary>
public sealed class CoinbaseFeedTests : IAsyncLifetime
{
    private const int Bars = 14;
    private static readonly Symbol BtcUsd = Symbol.Parse("BTC-USD");
    private static readonly Symbol EthUsd = Symbol.Parse("ETH-USD");
    private static readonly Symbol[] Symbols = [BtcUsd, EthUsd];
    private readonly ListLogger<CoinbaseCandleSource> _log = new();
    private FakeCoinbaseServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeCoinbaseServer.StartAsync(new CandleTape(Symbols, Bars + 4));

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Aggregates_trades_into_bars_matching_the_exchange()
    {
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        AssertOrdered(updates);
        Assert.Contains(updates, u => !u.IsFinal && u.Symbol == BtcUsd && u.Candle.Timestamp == _fake.Tape.Start.AddMinutes(4));
        // Only the first bar (joined mid-bar) is confirmed over REST.
        Assert.Equal(2, source.Statistics.BackfilledBars);
        Assert.Equal(0, source.Statistics.MalformedFrames);
        Assert.True(source.Statistics.Heartbeats >= Bars);
        Assert.Equal(2, _fake.Server.ClientMessages.Count);
        Assert.Contains("""{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"market_trades"}""", _fake.Server.ClientMessages);
        Assert.Contains("""{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"heartbeats"}""", _fake.Server.ClientMessages);
    }

    [Fact]
    public async Task Dropped_connection_reconnects_and_backfills_without_double_counting_snapshot_trades()
    {
        _fake.Faults.At(5, Fault.Drop);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        AssertOrdered(updates);
        Assert.Equal(1, source.Statistics.Reconnects);
        Assert.True(source.Statistics.BackfilledBars >= 2 + (2 * _fake.Faults.SkipOnDrop));
    }

    [Fact]
    public async Task Server_refusing_reconnects_for_a_while_is_retried_with_backoff()
    {
        _fake.Faults.At(4, Fault.Drop);
        using var source = Source();
        bool armed = false;
        var updates = await CollectAsync(source, Symbols, u =>
        {
            if (!armed && u.Any(x => x.IsFinal && x.Candle.Timestamp == _fake.Tape.Start.AddMinutes(1)))
            {
                _fake.Server.RefuseNextConnections(3);
                armed = true;
            }

            return FinalsThrough(_fake.Tape, Bars - 1)(u);
        });

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        Assert.Equal(3, _fake.Server.RefusedConnections);
        Assert.Equal(3, source.Statistics.ConnectFailures);
    }

    [Fact]
    public async Task Malformed_and_truncated_messages_are_counted_and_their_bars_confirmed_over_rest()
    {
        _fake.Faults.At(3, Fault.Malformed).At(7, Fault.Truncated);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        Assert.Equal(3, source.Statistics.MalformedFrames);
        Assert.Equal(3, _log.Count(6103));
        Assert.Equal(0, source.Statistics.Reconnects);
    }

    [Fact]
    public async Task Duplicated_out_of_order_and_late_trades_are_handled_and_counted()
    {
        _fake.Faults.At(4, Fault.Duplicate).At(6, Fault.SwapWithNext).At(9, Fault.LateTrade);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        // The swapped close trade still lands in bar 6, the repeated trades count once.
        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        AssertOrdered(updates);
        Assert.Equal(2, source.Statistics.DuplicatesDropped);
        Assert.Equal(1, source.Statistics.LateTradesDropped);
        Assert.Equal(2, source.Statistics.BackfilledBars);
    }

    [Fact]
    public async Task NaN_trade_is_rejected_counted_and_its_bar_taken_from_rest()
    {
        _fake.Faults.At(6, Fault.NaN);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        Assert.Equal(1, source.Statistics.RejectedCandles);
        Assert.Equal(1, _log.Count(6117));
        Assert.Equal(3, source.Statistics.BackfilledBars);
    }

    [Fact]
    public async Task Price_spike_trade_is_passed_on_in_its_bar()
    {
        _fake.Faults.At(6, Fault.Spike);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1, (s, i, c) => s == BtcUsd && i == 6 ? c with { High = c.High * 100 } : c);
        Assert.Equal(0, source.Statistics.RejectedCandles);
    }

    [Fact]
    public async Task Rest_429_and_5xx_during_backfill_are_retried()
    {
        _fake.Faults.At(5, Fault.Drop);
        using var source = Source();
        bool armed = false;
        var updates = await CollectAsync(source, Symbols, u =>
        {
            if (!armed && u.Any(x => x.IsFinal && x.Candle.Timestamp == _fake.Tape.Start.AddMinutes(2)))
            {
                foreach (int status in new[] { 429, 500, 503 })
                {
                    _fake.Server.RestFailures.Enqueue(status);
                }

                armed = true;
            }

            return FinalsThrough(_fake.Tape, Bars - 1)(u);
        });

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        Assert.Equal(3, source.Statistics.RestRetries);
        Assert.Equal(0, source.Statistics.BackfillFailures);
    }

    [Fact]
    public async Task History_reads_candles_in_ascending_order()
    {
        _fake.Tape.Cursor = Bars;
        using var source = Source();
        var history = await source.GetHistoryAsync(EthUsd, Interval.OneMinute, _fake.Tape.Start.AddMinutes(1), _fake.Tape.Start.AddMinutes(11));

        Assert.Equal(_fake.Tape.Bars[EthUsd][1..11], history);
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

    private CoinbaseCandleSource Source(Action<CoinbaseFeedOptions>? configure = null)
    {
        var options = Fast(new CoinbaseFeedOptions(), _fake.Server.HttpBase, _fake.Server.WebSocketBase);
        configure?.Invoke(options);
        return new CoinbaseCandleSource(options, logger: _log);
    }
}
