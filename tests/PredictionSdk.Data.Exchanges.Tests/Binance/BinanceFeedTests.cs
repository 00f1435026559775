using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Binance;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Binance;

/// <summary>Binance adapter against a loopback fake: the happy path and the fault suite.</summary>
public sealed class BinanceFeedTests() : FeedSuite<FakeBinanceServer, BinanceCandleSource, BinanceFeedOptions>([Btc, Eth], bars: 16)
{
    [Fact]
    public async Task Streams_open_updates_then_finals_matching_the_exchange()
    {
        using var source = Source();
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        var opens = updates.Where(u => !u.IsFinal && u.Symbol == Btc).ToList();
        Assert.InRange(opens.Count, Bars, Bars + 1);
        AssertSame(CandleTape.Partial(Fake.Tape.Bars[Btc][3]), opens[3].Candle);
        Assert.All(updates, u => Assert.Equal("binance", u.Source));
        Assert.Equal(0, source.Statistics.MalformedFrames);
        Assert.Equal(0, source.Statistics.Reconnects);
        Assert.InRange(source.Statistics.FinalBarsEmitted, 2 * Bars, 2 * (Bars + 4));
    }

    [Fact]
    public async Task Dropped_connection_reconnects_and_backfills_the_gap_over_rest()
    {
        using var source = Source();
        await StreamAcrossDropAsync(source, dropAt: 5);

        // Three bars per symbol passed while away; an abort can also swallow the final still in flight.
        Assert.InRange(source.Statistics.BackfilledBars, 2 * Fake.Faults.SkipOnDrop, 2 * (Fake.Faults.SkipOnDrop + 1));
        Assert.Equal(2, Log.Count(FeedEvents.Backfilled));
    }

    [Fact]
    public async Task Server_refusing_reconnects_for_a_while_is_retried_with_backoff()
    {
        using var source = Source();
        await StreamRefusingReconnectsAsync(source, dropAt: 4, armAfter: 3, refusals: 4);

        Assert.Equal(4, Log.Count(FeedEvents.ReconnectScheduled));
        Assert.Equal(1, source.Statistics.Reconnects);
    }

    [Fact]
    public async Task Malformed_and_truncated_frames_are_counted_logged_and_skipped()
    {
        Fake.Faults.At(3, Fault.Malformed).At(7, Fault.Truncated).At(9, Fault.Malformed);
        using var source = Source();
        await StreamSkippingMalformedAsync(source, frames: 5);
    }

    [Fact]
    public async Task Duplicated_and_out_of_order_klines_come_out_once_and_in_order()
    {
        Fake.Faults.At(4, Fault.Duplicate).At(8, Fault.SwapWithNext);
        using var source = Source();
        var updates = await StreamAllBarsAsync(source);

        AssertOrdered(updates);
        // Two repeated finals of bar 4, and the late finals of bar 8 that REST had already filled in.
        Assert.Equal(4, source.Statistics.DuplicatesDropped);
        Assert.Equal(2, source.Statistics.BackfilledBars);
    }

    [Fact]
    public async Task NaN_final_is_rejected_counted_and_replaced_by_the_rest_bar()
    {
        using var source = Source();
        await StreamRejectingNaNAsync(source, at: 6, rejected: 1, backfilled: 1);

        Assert.Equal(1, Log.Count(FeedEvents.CandleRejected));
    }

    [Fact]
    public async Task NaN_final_is_passed_on_and_counted_when_configured()
    {
        Fake.Faults.At(6, Fault.NaN);
        using var source = Source(o => o.InvalidCandles = InvalidCandleHandling.PassThrough);
        var updates = await CollectThroughLastBarAsync(source);

        var bar6 = updates.Single(u => u.IsFinal && u.Symbol == Btc && u.Candle.Timestamp == Fake.Tape.Start.AddMinutes(6));
        Assert.True(double.IsNaN(bar6.Candle.Close));
        Assert.Equal(1, source.Statistics.InvalidCandlesPassed);
        Assert.Equal(0, source.Statistics.RejectedCandles);
    }

    [Fact]
    public async Task Price_spike_is_passed_on_unchanged_for_the_pipeline_to_judge()
    {
        using var source = Source();
        await StreamPassingSpikeAsync(source, at: 6);
    }

    [Fact]
    public async Task Rest_429_and_5xx_during_backfill_are_retried()
    {
        using var source = Source();
        await StreamWithRestFailuresAsync(source, dropAt: 5, [429, 500, 503, 502]);

        Assert.Equal(4, Log.Count(FeedEvents.RestRetry));
    }

    [Fact]
    public async Task Backfill_that_keeps_failing_is_counted_and_the_stream_lives_on()
    {
        Fake.Faults.At(5, Fault.Drop);
        for (int i = 0; i < 20; i++)
        {
            Fake.Server.RestFailures.Enqueue(500);
        }

        using var source = Source(o => o.RestRetryCount = 1);
        var updates = await CollectThroughLastBarAsync(source);

        var finals = updates.Where(u => u.IsFinal && u.Symbol == Btc).Select(u => Fake.Tape.IndexOf(u.Candle.Timestamp)).Where(i => i < Bars).ToList();
        // The abort may also discard the last final still in flight (bar 5); bars 6-8 are the unfillable hole.
        var expected = Enumerable.Range(0, 6).Concat(Enumerable.Range(9, Bars - 9)).ToList();
        Assert.Equal(expected.Where(i => i != 5), finals.Where(i => i != 5));
        Assert.Equal(finals.Order().Distinct(), finals);
        // Per symbol: tried when the open bar 9 arrives, once more when bar 9 closes, then the hole is accepted.
        Assert.Equal(4, source.Statistics.BackfillFailures);
        Assert.Equal(4, Log.Count(FeedEvents.BackfillFailed));
    }

    [Fact]
    public async Task Silent_connection_is_replaced_after_the_idle_timeout()
    {
        Fake.Faults.At(5, Fault.Silence);
        // Long enough that a cold, busy test host never looks silent before the fault; the fault is silent for good.
        using var source = Source(o => o.IdleTimeout = TimeSpan.FromSeconds(1));
        await StreamAllBarsAsync(source);

        Assert.Equal(1, source.Statistics.IdleTimeouts);
        Assert.Equal(1, source.Statistics.Reconnects);
    }

    [Fact]
    public async Task Connection_is_renewed_at_its_lifetime_without_losing_bars()
    {
        Fake.Step = TimeSpan.FromMilliseconds(15);
        using var source = Source(o => o.MaxConnectionLifetime = TimeSpan.FromMilliseconds(250));
        await StreamAllBarsAsync(source, fromFirstSeen: true);

        Assert.True(source.Statistics.PlannedReconnects >= 1);
        Assert.Equal(source.Statistics.PlannedReconnects, source.Statistics.Reconnects);
    }

    [Fact]
    public async Task Subscribe_messages_mode_subscribes_again_after_a_reconnect()
    {
        using var source = Source(o => o.SubscriptionMode = BinanceSubscriptionMode.Messages);
        await StreamAcrossDropAsync(source, dropAt: 5);

        var subscribes = Fake.Server.ClientMessages.ToList();
        Assert.Equal(2, subscribes.Count);
        Assert.All(subscribes, m => Assert.Equal("""{"method":"SUBSCRIBE","params":["btcusdt@kline_1m","ethusdt@kline_1m"],"id":1}""", m));
    }

    [Fact]
    public async Task History_is_read_in_pages_and_excludes_bars_outside_the_range()
    {
        Fake.Tape.Cursor = Bars;
        using var source = Source(o => o.RestPageSize = 5);
        var history = await source.GetHistoryAsync(Btc, Interval.OneMinute, Fake.Tape.Start.AddMinutes(2), Fake.Tape.Start.AddMinutes(14));

        Assert.Equal(Fake.Tape.Bars[Btc][2..14].Select(c => c.Timestamp), history.Select(c => c.Timestamp));
        Assert.All(history, c => Assert.True(c.HasOrderFlow));
        Assert.Equal(Fake.Tape.Bars[Btc][2..14], history);
        Assert.Equal(3, Fake.Server.RestCalls);
    }

    [Fact]
    public async Task History_requests_are_paced_by_the_rest_rate_limit()
    {
        Fake.Tape.Cursor = Bars;
        using var source = Source(o =>
        {
            o.RestPageSize = 3;
            o.RestRequestsPerSecond = 2;
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var history = await source.GetHistoryAsync(Btc, Interval.OneMinute, Fake.Tape.Start, Fake.Tape.Start.AddMinutes(Bars));

        // Six pages at two requests per second: two at once, two at the next refill, the last two a refill later.
        Assert.Equal(Bars, history.Count);
        Assert.Equal(6, Fake.Server.RestCalls);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"six requests took {clock.Elapsed}");
    }

    [Fact]
    public async Task Rest_error_names_the_endpoint_and_status()
    {
        using var source = Source();
        var error = await Assert.ThrowsAsync<FeedRestException>(() => source.GetHistoryAsync(Symbol.Parse("DOGE-EUR"), Interval.OneMinute, Fake.Tape.Start, Fake.Tape.Start.AddMinutes(5)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("/api/v3/klines", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid symbol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_reported_field_by_field()
    {
        var options = new BinanceFeedOptions { WebSocketUrl = "https://not-a-socket", RestPageSize = 5000, ReconnectDelay = TimeSpan.Zero };
        var error = Assert.Throws<OptionsValidationException>(() => new BinanceCandleSource(options));

        Assert.Contains(error.Failures, f => f.Contains("WebSocketUrl", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("RestPageSize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ReconnectDelay", StringComparison.Ordinal));
    }

    [Fact]
    public void Registers_through_di_binds_configuration_and_validates_at_start()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:Binance:WebSocketUrl"] = Fake.Server.WebSocketBase.ToString(),
            ["Feeds:Binance:RestUrl"] = Fake.Server.HttpBase.ToString(),
            ["Feeds:Binance:RestPageSize"] = "250",
            ["Feeds:Binance:SubscriptionMode"] = "Messages",
        }).Build();
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddBinanceFeed(config.GetSection("Feeds:Binance"), o => o.ReconnectDelay = TimeSpan.FromMilliseconds(50));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var source = Assert.IsType<BinanceCandleSource>(provider.GetRequiredService<ICandleSource>());
        Assert.Same(source, provider.GetRequiredKeyedService<ICandleSource>("binance"));
        var options = provider.GetRequiredService<IOptions<BinanceFeedOptions>>().Value;
        Assert.Equal(250, options.RestPageSize);
        Assert.Equal(BinanceSubscriptionMode.Messages, options.SubscriptionMode);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.ReconnectDelay);

        var bad = new ServiceCollection();
        bad.AddPredictionSdk().AddBinanceFeed(o => o.RestUrl = "nowhere");
        using var badProvider = bad.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("RestUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_after_header_sets_the_delay_within_the_cap()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), FeedRestClient.RetryAfter(response, TimeSpan.FromSeconds(60), TimeProvider.System));
        Assert.Equal(TimeSpan.FromSeconds(1), FeedRestClient.RetryAfter(response, TimeSpan.FromSeconds(1), TimeProvider.System));
        using var plain = new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError);
        Assert.Null(FeedRestClient.RetryAfter(plain, TimeSpan.FromSeconds(60), TimeProvider.System));
    }

    protected override Symbol ForeignSymbol => Symbol.Stock("AAPL");

    protected override int HistoryPageLimit => 1000;

    protected override Task<FakeBinanceServer> StartFakeAsync(CandleTape tape) => FakeBinanceServer.StartAsync(tape);

    protected override BinanceFeedOptions NewOptions() => new();

    protected override BinanceCandleSource Create(BinanceFeedOptions options, ILogger<BinanceCandleSource> logger) => new(options, logger: logger);
}
