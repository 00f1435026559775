using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk.Data.Exchanges;
using PredictionSdk.Data.Exchanges.Alpaca;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using static PredictionSdk.Data.Tests.Exchanges.Fakes.FeedTest;

namespace PredictionSdk.Data.Tests.Exchanges.Alpaca;

/// <summary>Alpaca adapter against a loopback fake: authentication, market hours, the fault suite, secret redaction.</summary>
public sealed class AlpacaFeedTests() : FeedSuite<FakeAlpacaServer, AlpacaCandleSource, AlpacaFeedOptions>([Aapl, Msft], bars: 16, SessionOpen)
{
    // 09:30 New York on a Tuesday: inside the regular session.
    private static readonly DateTime SessionOpen = new(2024, 1, 2, 14, 30, 0, DateTimeKind.Utc);
    private static readonly Symbol Aapl = Symbol.Stock("AAPL");
    private static readonly Symbol Msft = Symbol.Stock("MSFT");

    [Fact]
    public async Task Authenticates_subscribes_and_streams_closed_minute_bars()
    {
        using var source = Source();
        var updates = await StreamAllBarsAsync(source);

        Assert.All(updates, u => Assert.True(u.IsFinal));
        var sent = Fake.Server.ClientMessages.ToList();
        Assert.Equal($$"""{"action":"auth","key":"{{FakeAlpacaServer.Key}}","secret":"{{FakeAlpacaServer.Secret}}"}""", sent[0]);
        Assert.Equal("""{"action":"subscribe","bars":["AAPL","MSFT"]}""", sent[1]);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task Dropped_connection_reauthenticates_and_backfills_session_minutes()
    {
        using var source = Source();
        await StreamAcrossDropAsync(source, dropAt: 5);

        Assert.InRange(source.Statistics.BackfilledBars, 2 * Fake.Faults.SkipOnDrop, 2 * (Fake.Faults.SkipOnDrop + 1));
        Assert.Equal(4, Fake.Server.ClientMessages.Count);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task Gap_outside_market_hours_is_expected_and_not_backfilled()
    {
        await Fake.DisposeAsync();
        // 15:50 New York: the drop at bar 5 spans the 16:00 close; bars after it are after-hours.
        Fake = await StartFakeAsync(new CandleTape(Symbols, Bars + 4, new DateTime(2024, 1, 2, 20, 55, 0, DateTimeKind.Utc)));
        Fake.Faults.At(5, Fault.Drop);
        using var source = Source();
        var updates = await CollectThroughLastBarAsync(source);

        var finals = updates.Where(u => u.IsFinal && u.Symbol == Aapl).Select(u => Fake.Tape.IndexOf(u.Candle.Timestamp)).Where(i => i < Bars).ToList();
        Assert.DoesNotContain(7, finals);
        Assert.Equal(0, Fake.Server.RestCalls);
        Assert.Equal(2, Log.Count(FeedEvents.GapOutsideSession));
        Assert.Equal(0, source.Statistics.BackfillFailures);
    }

    [Fact]
    public async Task Server_refusing_reconnects_for_a_while_is_retried_with_backoff()
    {
        using var source = Source();
        await StreamRefusingReconnectsAsync(source, dropAt: 4, armAfter: 2, refusals: 3);
    }

    [Fact]
    public async Task Malformed_truncated_duplicated_and_out_of_order_messages()
    {
        Fake.Faults.At(3, Fault.Malformed).At(5, Fault.Truncated).At(7, Fault.Duplicate).At(10, Fault.SwapWithNext);
        using var source = Source();
        var updates = await StreamSkippingMalformedAsync(source, frames: 3);

        AssertOrdered(updates);
        // Repeated bar 7 (two symbols) and the late bar 10 (two symbols) that REST had filled in.
        Assert.Equal(4, source.Statistics.DuplicatesDropped);
    }

    [Fact]
    public async Task NaN_bar_is_rejected_and_replaced_from_rest_while_a_spike_passes()
    {
        Fake.Faults.At(9, Fault.Spike);
        using var source = Source();
        await StreamRejectingNaNAsync(source, at: 6, rejected: 1, backfilled: 1, SpikedAt(9));
    }

    [Fact]
    public async Task Rest_429_and_5xx_during_backfill_are_retried()
    {
        using var source = Source();
        await StreamWithRestFailuresAsync(source, dropAt: 5, [429, 502, 500]);
    }

    [Fact]
    public async Task Wrong_credentials_end_the_stream_with_a_typed_error_and_no_reconnect_storm()
    {
        using var source = Source(o => o.SecretKey = "wrong-" + FakeAlpacaServer.Secret);
        var error = await Assert.ThrowsAsync<FeedAuthenticationException>(() => CollectAsync(source, Symbols, _ => false));

        Assert.Contains("402", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAlpacaServer.Secret, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Fake.Server.WebSocketConnections);
        Assert.Equal(1, Log.Count(FeedEvents.Fatal));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task History_sends_the_key_headers_and_follows_page_tokens()
    {
        Fake.Tape.Cursor = Bars;
        Fake.PageSize = 4;
        using var source = Source();
        var history = await source.GetHistoryAsync(Msft, Interval.OneMinute, Fake.Tape.Start.AddMinutes(1), Fake.Tape.Start.AddMinutes(12));

        Assert.Equal(11, history.Count);
        for (int i = 0; i < history.Count; i++)
        {
            AssertSame(Fake.Tape.Bars[Msft][i + 1], history[i]);
        }

        Assert.Equal(3, Fake.Server.RestCalls);
        Assert.Equal("1Min", AlpacaCandleSource.Timeframe(Interval.OneMinute));
        Assert.Equal("4Hour", AlpacaCandleSource.Timeframe(Interval.FourHours));
        Assert.Equal("1Day", AlpacaCandleSource.Timeframe(Interval.OneDay));
    }

    [Fact]
    public void Options_redact_credentials_and_require_them()
    {
        var options = new AlpacaFeedOptions { KeyId = FakeAlpacaServer.Key, SecretKey = FakeAlpacaServer.Secret };
        string text = options.ToString();
        Assert.DoesNotContain(FakeAlpacaServer.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAlpacaServer.Key, text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);

        var error = Assert.Throws<OptionsValidationException>(() => new AlpacaCandleSource(new AlpacaFeedOptions()));
        Assert.Contains(error.Failures, f => f.Contains("KeyId and SecretKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Market_hours_follow_new_york_time()
    {
        var hours = new MarketHours();
        Assert.True(hours.IsOpen(new DateTime(2024, 7, 1, 13, 30, 0, DateTimeKind.Utc)));   // 09:30 EDT
        Assert.False(hours.IsOpen(new DateTime(2024, 7, 1, 13, 29, 0, DateTimeKind.Utc)));
        Assert.True(hours.IsOpen(new DateTime(2024, 1, 2, 20, 59, 0, DateTimeKind.Utc)));   // 15:59 EST
        Assert.False(hours.IsOpen(new DateTime(2024, 1, 6, 15, 0, 0, DateTimeKind.Utc)));   // Saturday
        Assert.False(hours.Overlaps(new DateTime(2024, 1, 5, 21, 0, 0, DateTimeKind.Utc), new DateTime(2024, 1, 8, 14, 30, 0, DateTimeKind.Utc)));
        Assert.True(hours.Overlaps(new DateTime(2024, 1, 5, 20, 59, 0, DateTimeKind.Utc), new DateTime(2024, 1, 8, 14, 30, 0, DateTimeKind.Utc)));
        Assert.True(new MarketHours(extendedHours: true).IsOpen(new DateTime(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Binds_credentials_from_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alpaca:KeyId"] = FakeAlpacaServer.Key,
            ["Alpaca:SecretKey"] = FakeAlpacaServer.Secret,
            ["Alpaca:Feed"] = "sip",
        }).Build();
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddAlpacaFeed(config.GetSection("Alpaca"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<AlpacaCandleSource>(provider.GetRequiredKeyedService<ICandleSource>("alpaca"));
        Assert.Equal("sip", provider.GetRequiredService<IOptions<AlpacaFeedOptions>>().Value.Feed);
    }

    private void AssertNoSecretLogged()
    {
        Assert.NotEmpty(Log.Entries);
        Assert.All(Log.Entries, e =>
        {
            Assert.DoesNotContain(FakeAlpacaServer.Secret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeAlpacaServer.Key, e.Message, StringComparison.Ordinal);
        });
    }

    protected override Symbol ForeignSymbol => Btc;

    protected override int HistoryPageLimit => 10_000;

    protected override Task<FakeAlpacaServer> StartFakeAsync(CandleTape tape) => FakeAlpacaServer.StartAsync(tape);

    protected override AlpacaFeedOptions NewOptions() => new() { KeyId = FakeAlpacaServer.Key, SecretKey = FakeAlpacaServer.Secret };

    protected override AlpacaCandleSource Create(AlpacaFeedOptions options, ILogger<AlpacaCandleSource> logger) => new(options, logger: logger);
}
