using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PredictionSdk.External;
using PredictionSdk.Streaming.External;

namespace PredictionSdk.Streaming.Tests.External;

public class ExternalSeriesFeedTests
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A live source fed by the test through a channel; fails once when asked to.</summary>
    private sealed class ChannelSource(string name) : IExternalSeriesSource
    {
        public Channel<ExternalObservation> Values { get; } = Channel.CreateUnbounded<ExternalObservation>();

        public int Reads { get; private set; }

        public bool FailFirstRead { get; init; }

        public string Name { get; } = name;

        public async IAsyncEnumerable<ExternalObservation> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Reads++;
            if (FailFirstRead && Reads == 1)
            {
                throw new HttpRequestException("connection refused");
            }

            await foreach (var value in Values.Reader.ReadAllAsync(cancellationToken))
            {
                yield return value;
            }
        }
    }

    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_series_that_stops_updating_is_reported_stale_and_then_resumed()
    {
        var clock = new ManualClock(new DateTimeOffset(T0));
        var source = new ChannelSource("sentiment");
        var store = new ExternalSeriesStore();
        var feed = new ExternalSeriesFeed([source], store, new ExternalSeriesFeedOptions { StaleAfter = TimeSpan.FromMinutes(5), CheckEvery = TimeSpan.FromHours(1) }, timeProvider: clock);
        var events = new List<ExternalSeriesStatusChanged>();
        feed.StatusChanged += events.Add;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = feed.RunAsync(cts.Token);

        await source.Values.Writer.WriteAsync(new(T0, 0.4));
        await WaitUntil(() => store.GetOrAdd("sentiment").Count == 1);
        feed.CheckStaleness();
        Assert.Empty(events);

        clock.Now = clock.Now.AddMinutes(6);
        feed.CheckStaleness();
        var stale = Assert.Single(events);
        Assert.True(stale.IsStale);
        Assert.Equal("sentiment", stale.Series);
        Assert.True(feed.IsStale("sentiment"));

        clock.Now = clock.Now.AddMinutes(1);
        await source.Values.Writer.WriteAsync(new(T0.AddMinutes(1), 0.1));
        await WaitUntil(() => store.GetOrAdd("sentiment").Count == 2);
        feed.CheckStaleness();
        Assert.Equal(2, events.Count);
        Assert.False(events[1].IsStale);

        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_failing_source_is_read_again_and_nothing_accepted_is_lost()
    {
        var source = new ChannelSource("funding") { FailFirstRead = true };
        var store = new ExternalSeriesStore();
        var feed = new ExternalSeriesFeed([source], store, new ExternalSeriesFeedOptions { RetryDelay = TimeSpan.FromMilliseconds(20) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = feed.RunAsync(cts.Token);
        await source.Values.Writer.WriteAsync(new(T0, 0.0001));
        await source.Values.Writer.WriteAsync(new(T0.AddHours(8), 0.0002));
        await WaitUntil(() => store.GetOrAdd("funding").Count == 2);
        Assert.Equal(2, source.Reads);
        Assert.True(store.GetOrAdd("funding").TryGetAsOf(T0.AddHours(9), TimeSpan.Zero, out var latest));
        Assert.Equal(0.0002, latest.Value);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public void Two_sources_with_one_name_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExternalSeriesFeed([new ChannelSource("x"), new ChannelSource("x")], new ExternalSeriesStore()));
        Assert.Contains("'x'", error.Message);
    }

    [Fact]
    public async Task Host_start_fails_with_a_message_naming_each_bad_feed_setting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPredictionSdk().AddExternalSeries(new ChannelSource("fear"), o =>
        {
            o.StaleAfter = TimeSpan.Zero;
            o.RetryDelay = TimeSpan.FromSeconds(-1);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("PredictionSdk external series feed: StaleAfter must be positive.", error.Failures);
        Assert.Contains(error.Failures, f => f.Contains("RetryDelay not negative", StringComparison.Ordinal));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
