using Microsoft.Extensions.DependencyInjection;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Kraken;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Kraken;

/// <summary>Kraken v2 adapter against a loopback fake: the happy path and the fault suite.</summary>
public sealed class KrakenFeedTests : IAsyncLifetime
{
    private const int Bars = 16;
    private static readonly Symbol BtcUsd = Symbol.Parse("BTC-USD");
    private static readonly Symbol EthUsd = Symbol.Parse("ETH-USD");
    private static readonly Symbol[] Symbols = [BtcUsd, EthUsd];
    private readonly ListLogger<KrakenCandleSource> _log = new();
    private FakeKrakenServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeKrakenServer.StartAsync(new CandleTape(Symbols, Bars + 4));

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Streams_bar_updates_and_closes_each_bar_when_the_next_begins()
    {
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        AssertOrdered(updates);
        var bar3 = updates.Where(u => u.Symbol == BtcUsd && u.Candle.Timestamp == _fake.Tape.Start.AddMinutes(3)).ToList();
        Assert.Equal([false, false, true], bar3.Select(u => u.IsFinal));
        AssertSame(CandleTape.Partial(_fake.Tape.Bars[BtcUsd][3]), bar3[0].Candle);
        Assert.Equal(0, source.Statistics.MalformedFrames);
        Assert.True(source.Statistics.Heartbeats > 0);
        Assert.Equal("""{"method":"subscribe","params":{"channel":"ohlc","symbol":["BTC/USD","ETH/USD"],"interval":1,"snapshot":true},"req_id":1}""", _fake.Server.ClientMessages.Single());
    }

    [Fact]
    public async Task Dropped_connection_is_filled_from_the_snapshot_and_rest()
    {
        _fake.Faults.At(5, Fault.Drop);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        AssertOrdered(updates);
        Assert.Equal(1, source.Statistics.Reconnects);
        Assert.InRange(source.Statistics.BackfilledBars, 2, 8);
        Assert.Equal(2, _fake.Server.ClientMessages.Count);
    }

    [Fact]
    public async Task Server_refusing_reconnects_for_a_while_is_retried_with_backoff()
    {
        _fake.Faults.At(4, Fault.Drop);
        _fake.Server.RefuseNextConnections(0);
        using var source = Source();
        bool armed = false;
        var updates = await CollectAsync(source, Symbols, u =>
        {
            if (!armed && u.Any(x => x.IsFinal && x.Candle.Timestamp == _fake.Tape.Start.AddMinutes(2)))
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
    public async Task Malformed_and_truncated_messages_are_counted_logged_and_skipped()
    {
        _fake.Faults.At(3, Fault.Malformed).At(8, Fault.Truncated);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        Assert.Equal(3, source.Statistics.MalformedFrames);
        Assert.Equal(3, _log.Count(6103));
        // Bars open when a message was lost are confirmed over REST at their close (bar 8 was cut short).
        Assert.True(source.Statistics.BackfilledBars >= 1);
        Assert.Equal(0, source.Statistics.Reconnects);
    }

    [Fact]
    public async Task Replayed_updates_of_closed_bars_are_dropped_and_counted()
    {
        _fake.Faults.At(6, Fault.Duplicate).At(9, Fault.Duplicate);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        AssertOrdered(updates);
        Assert.Equal(4, source.Statistics.DuplicatesDropped);
    }

    [Fact]
    public async Task NaN_bar_is_rejected_and_replaced_by_the_rest_bar()
    {
        _fake.Faults.At(6, Fault.NaN);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        // The last update of the bar and the close built from it.
        Assert.Equal(2, source.Statistics.RejectedCandles);
        Assert.Equal(2, _log.Count(6104));
        Assert.Equal(1, source.Statistics.BackfilledBars);
    }

    [Fact]
    public async Task Price_spike_is_passed_on_unchanged()
    {
        _fake.Faults.At(6, Fault.Spike);
        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1, (s, i, c) => s == BtcUsd && i == 6 ? c with { Open = c.Open * 100, High = c.High * 100, Low = c.Low * 100, Close = c.Close * 100 } : c);
        Assert.Equal(0, source.Statistics.RejectedCandles);
    }

    [Fact]
    public async Task Rest_429_and_5xx_during_backfill_are_retried()
    {
        _fake.Faults.At(5, Fault.Drop);
        foreach (int status in new[] { 429, 503, 500 })
        {
            _fake.Server.RestFailures.Enqueue(status);
        }

        using var source = Source();
        var updates = await CollectAsync(source, Symbols, FinalsThrough(_fake.Tape, Bars - 1));

        AssertFinalsMatchTape(updates, _fake.Tape, Bars - 1);
        Assert.Equal(3, source.Statistics.RestRetries);
        Assert.Equal(0, source.Statistics.BackfillFailures);
    }

    [Fact]
    public async Task Subscription_error_is_counted_and_the_other_symbols_stream_on()
    {
        using var source = Source();
        var unknown = Symbol.Parse("DOGE-EUR");
        var updates = await CollectAsync(source, [BtcUsd, unknown], u => u.Any(x => x.IsFinal && x.Candle.Timestamp == _fake.Tape.Start.AddMinutes(5)));

        Assert.Equal(1, source.Statistics.ExchangeErrors);
        Assert.Equal(1, _log.Count(6105));
        Assert.All(updates, u => Assert.Equal(BtcUsd, u.Symbol));
    }

    [Fact]
    public async Task History_reads_rest_ohlc_and_reports_exchange_errors()
    {
        _fake.Tape.Cursor = Bars;
        using var source = Source();
        var history = await source.GetHistoryAsync(BtcUsd, Interval.OneMinute, _fake.Tape.Start.AddMinutes(3), _fake.Tape.Start.AddMinutes(9));
        Assert.Equal(_fake.Tape.Bars[BtcUsd][3..9], history);

        var error = await Assert.ThrowsAsync<FeedRestException>(() => source.GetHistoryAsync(Symbol.Parse("DOGE-EUR"), Interval.OneMinute, _fake.Tape.Start, _fake.Tape.Start.AddMinutes(3)));
        Assert.Contains("Unknown asset pair", error.Message, StringComparison.Ordinal);
        Assert.Equal("XBTUSD", KrakenCandleSource.RestPair(BtcUsd));
        Assert.Throws<ArgumentException>(() => source.StreamAsync([BtcUsd], Interval.ThreeMinutes).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public void Registers_through_di_as_a_keyed_source()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddKrakenFeed(o => o.RestUrl = _fake.Server.HttpBase.ToString());
        using var provider = services.BuildServiceProvider();
        Assert.IsType<KrakenCandleSource>(provider.GetRequiredKeyedService<ICandleSource>("kraken"));
        Assert.Equal("wss://ws.kraken.com/v2", provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KrakenFeedOptions>>().Value.WebSocketUrl);
    }

    private KrakenCandleSource Source(Action<KrakenFeedOptions>? configure = null)
    {
        var options = Fast(new KrakenFeedOptions(), _fake.Server.HttpBase, new Uri(_fake.Server.WebSocketBase, "v2"));
        configure?.Invoke(options);
        return new KrakenCandleSource(options, logger: _log);
    }
}
