using System.Runtime.CompilerServices;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

public class WarmUpTests
{
    /// <summary>One closed bar per symbol at <see cref="LiveMinute"/>; history of any range, slowly, counting requests in flight.</summary>
    private sealed class SlowHistorySource : ICandleSource
    {
        public const int LiveMinute = 500;
        private int _inFlight;
        private int _maxInFlight;
        private int _calls;

        public string Name => "slow";

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public int Calls => Volatile.Read(ref _calls);

        public List<(DateTime From, DateTime To)> Requests { get; } = [];

        public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var symbol in symbols)
            {
                yield return new CandleUpdate(symbol, interval, Bars.At(LiveMinute, Bars.PriceOf(LiveMinute)), IsFinal: true, Name);
            }

            await Task.Yield();
        }

        public async Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            lock (Requests)
            {
                Requests.Add((from, to));
            }

            await Task.Delay(2, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            var bars = new List<Candle>();
            for (var t = from; t < to; t += interval.Duration)
            {
                int m = (int)(t - Bars.Start).TotalMinutes;
                bars.Add(Bars.At(m, Bars.PriceOf(m)));
            }

            return bars;
        }
    }

    [Fact]
    public async Task A_thousand_symbols_warm_up_through_a_bounded_queue_and_each_predicts_from_its_history()
    {
        const int symbols = 1000;
        var names = Enumerable.Range(0, symbols).Select(i => $"S{i:D4}-USD").ToArray();
        var source = new SlowHistorySource();
        var options = StreamFactory.Options(names);
        options.WarmUpConcurrency = 4;
        options.Subscriber.FullMode = StreamFullMode.Wait;
        await using var stream = StreamFactory.Create([source], options, s => new FakePredictor(s, requiredHistory: 60));
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(symbols, source.Calls);
        Assert.InRange(source.MaxInFlight, 1, 4);
        Assert.All(source.Requests, r => Assert.Equal(60, (int)(r.To - r.From).TotalMinutes));
        var received = await predictions;
        foreach (var group in received.GroupBy(p => p.Symbol))
        {
            // The newest history bar is predicted as soon as it arrives, then the live bar: nothing twice, nothing missing.
            Assert.Equal([Bars.Start.AddMinutes(SlowHistorySource.LiveMinute - 1), Bars.Start.AddMinutes(SlowHistorySource.LiveMinute)], group.Select(p => p.Timestamp));
        }

        Assert.Equal(2 * symbols, received.Count);
        Assert.Equal(60L * symbols, stream.Statistics.WarmUpBars);
        Assert.Equal(0, stream.Statistics.WarmUpFailures);
    }

    [Fact]
    public async Task With_a_store_the_store_serves_what_it_holds_and_the_source_only_the_rest()
    {
        string path = Path.Combine(Path.GetTempPath(), $"psdk-warmup-{Guid.NewGuid():N}.db");
        try
        {
            var btc = Symbol.Parse("BTC-USD");
            using (var store = new SqliteCandleStore(path))
            {
                await store.UpsertAsync(btc, Interval.OneMinute, Enumerable.Range(400, 70).Select(m => Bars.At(m, Bars.PriceOf(m))));
                var source = new SlowHistorySource();
                var options = StreamFactory.Options("BTC-USD");
                options.WarmUpBars = 100;
                await using var stream = StreamFactory.Create([source], options, s => new FakePredictor(s, requiredHistory: 100)).UseHistoryStore(store);
                var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
                await stream.StartAsync();
                await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

                Assert.Equal([(Bars.Start.AddMinutes(470), Bars.Start.AddMinutes(500))], source.Requests);
                Assert.Equal(100, stream.Statistics.WarmUpBars);
                Assert.Equal([499, 500], (await predictions).Select(p => (int)(p.Timestamp - Bars.Start).TotalMinutes));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_failed_history_request_is_counted_and_the_symbol_goes_live_without_it()
    {
        var btc = Symbol.Parse("BTC-USD");
        var source = new FailingHistorySource(new ScriptedSource("fake", Enumerable.Range(10, 5).Select(m => Bars.Final(btc, m)).ToList()));
        await using var stream = StreamFactory.Create([source], StreamFactory.Options("BTC-USD"), s => new FakePredictor(s));
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(Enumerable.Range(10, 5), (await predictions).Select(p => (int)(p.Timestamp - Bars.Start).TotalMinutes));
        Assert.Equal(1, stream.Statistics.WarmUpFailures);
        Assert.Equal(0, stream.Statistics.WarmUpBars);
    }

    [Fact]
    public async Task Every_horizon_of_the_model_is_predicted_for_every_closed_bar()
    {
        var options = StreamFactory.Options("BTC-USD");
        await using var stream = StreamFactory.Create([new GeneratedSource(30)], options, s => new FakePredictor(s, horizons: [1, 5, 15]));
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        var received = await predictions;
        Assert.Equal(90, received.Count);
        foreach (var bar in received.GroupBy(p => p.Timestamp))
        {
            Assert.Equal([1, 5, 15], bar.Select(p => p.Horizon));
            Assert.All(bar, p => Assert.Equal(p.Timestamp.AddMinutes(p.Horizon + 1), p.TargetTime));
        }
    }

    private sealed class FailingHistorySource(ScriptedSource inner) : ICandleSource
    {
        public string Name => inner.Name;

        public IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, CancellationToken cancellationToken = default) =>
            inner.StreamAsync(symbols, interval, cancellationToken);

        public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("503 from the exchange");
    }
}
