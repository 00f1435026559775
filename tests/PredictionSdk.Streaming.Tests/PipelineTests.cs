using System.Collections.Concurrent;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

public class PipelineTests
{
    private static string[] SymbolNames(int count) => Enumerable.Range(0, count).Select(i => $"S{i:D3}-USD").ToArray();

    [Fact]
    public async Task Each_symbol_stays_in_order_while_symbols_run_in_parallel()
    {
        const int minutes = 200;
        var names = SymbolNames(24);
        var options = StreamFactory.Options(names);
        options.WorkerCount = 4;
        options.Subscriber.FullMode = StreamFullMode.Wait;
        var predictors = new ConcurrentDictionary<Symbol, FakePredictor>();
        await using var stream = StreamFactory.Create([new GeneratedSource(minutes)], options, s => predictors.GetOrAdd(s, x => new FakePredictor(x)));
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        var received = await predictions;
        Assert.Equal(names.Length * minutes, received.Count);
        foreach (var group in received.GroupBy(p => p.Symbol))
        {
            var times = group.Select(p => p.Timestamp).ToList();
            Assert.Equal(Enumerable.Range(0, minutes).Select(m => Bars.Start.AddMinutes(m)), times);
        }

        Assert.Equal(names.Length, predictors.Count);
        Assert.All(predictors.Values, p => Assert.Equal(minutes, p.Observed.Count));
        Assert.Equal(names.Length * minutes, stream.Statistics.Predictions);
        Assert.Equal(0, stream.Statistics.TotalDrops);
    }

    [Fact]
    public async Task A_slow_reader_with_DropOldest_loses_the_oldest_items_and_every_drop_is_counted()
    {
        const int minutes = 300;
        var options = StreamFactory.Options("BTC-USD");
        options.Subscriber.Capacity = 16;
        options.Subscriber.FullMode = StreamFullMode.DropOldest;
        await using var stream = StreamFactory.Create([new GeneratedSource(minutes)], options, s => new FakePredictor(s));
        var callbacks = 0;
        stream.OnPrediction((_, _) =>
        {
            Interlocked.Increment(ref callbacks);
            return ValueTask.CompletedTask;
        });

        // Registered now, read only after the stream completed: the slowest possible reader.
        var slow = stream.ReadAllAsync();
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var read = await StreamFactory.CollectAsync(slow);

        Assert.Equal(minutes, callbacks);
        Assert.Equal(16, read.Count);
        Assert.Equal(Bars.Start.AddMinutes(minutes - 1), read[^1].Timestamp);
        Assert.Equal(minutes - 16, stream.Statistics.SubscriberDrops);
        Assert.Equal(minutes, read.Count + stream.Statistics.TotalDrops);
    }

    [Fact]
    public async Task Wait_mode_pushes_back_to_the_source_and_loses_nothing()
    {
        const int minutes = 400;
        var btc = Symbol.Parse("BTC-USD");
        var source = new ScriptedSource("fake", Enumerable.Range(0, minutes).Select(m => Bars.Final(btc, m, Bars.PriceOf(m))).ToList());
        var options = StreamFactory.Options("BTC-USD");
        options.Input.Capacity = 4;
        options.Output.Capacity = 4;
        options.Subscriber.Capacity = 4;
        options.Subscriber.FullMode = StreamFullMode.Wait;
        await using var stream = StreamFactory.Create([source], options, s => new FakePredictor(s));
        await using var reader = stream.ReadAllAsync().GetAsyncEnumerator();
        await stream.StartAsync();

        // Nobody reads: the source must stall once the bounded buffers are full. Without back-pressure the 400 bars
        // would all be pulled within milliseconds; with it, no more than the buffers and the bars in flight can be,
        // however long we wait (so the check does not depend on how fast this machine is).
        for (int i = 0; i < 200 && source.Yielded == 0; i++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.InRange(source.Yielded, 1, 40);

        var received = new List<Prediction>();
        while (await reader.MoveNextAsync())
        {
            received.Add(reader.Current);
        }

        Assert.Equal(minutes, received.Count);
        Assert.Equal(0, stream.Statistics.TotalDrops);
        Assert.True(stream.Completion.IsCompleted);
    }

    [Fact]
    public async Task StopAsync_drains_everything_already_accepted()
    {
        var btc = Symbol.Parse("BTC-USD");
        var source = new ScriptedSource("fake", Enumerable.Range(0, 100_000).Select(m => Bars.Final(btc, m, Bars.PriceOf(m))).ToList());
        var options = StreamFactory.Options("BTC-USD");
        options.Input.Capacity = 64;
        // A slow model keeps work in flight when the stop arrives.
        await using var stream = StreamFactory.Create([source], options, s => new FakePredictor(s, work: TimeSpan.FromMilliseconds(1)));
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        var candles = StreamFactory.CollectAsync(stream.ReadCandlesAsync());
        await stream.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (stream.Statistics.FramesIn < 50 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await stream.StopAsync();

        Assert.True(stream.Completion.IsCompletedSuccessfully);
        var stats = stream.Statistics;
        var received = await predictions;
        Assert.InRange(stats.FramesIn, 10, 99_999);
        Assert.Equal(stats.FramesIn, stats.CandlesOut);
        Assert.Equal(stats.FramesIn, received.Count);
        Assert.Equal(stats.FramesIn, (await candles).Count);
        Assert.Equal(Enumerable.Range(0, received.Count).Select(m => Bars.Start.AddMinutes(m)), received.Select(p => p.Timestamp));
    }

    [Fact]
    public async Task A_throwing_callback_is_counted_and_the_stream_lives_on()
    {
        var options = StreamFactory.Options("BTC-USD");
        await using var stream = StreamFactory.Create([new GeneratedSource(50)], options, s => new FakePredictor(s));
        stream.OnPrediction((p, _) => p.Timestamp.Minute % 10 == 0 ? throw new InvalidOperationException("bad handler") : ValueTask.CompletedTask);
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(50, (await predictions).Count);
        Assert.Equal(5, stream.Statistics.CallbackErrors);
    }

    [Fact]
    public async Task Indicator_tap_reports_previews_and_commits()
    {
        var btc = Symbol.Parse("BTC-USD");
        var script = new List<CandleUpdate>();
        for (int m = 0; m < 40; m++)
        {
            script.Add(Bars.Open(btc, m, Bars.PriceOf(m) + 0.1));
            script.Add(Bars.Final(btc, m, Bars.PriceOf(m)));
        }

        await using var stream = StreamFactory.Create([new ScriptedSource("fake", script)], StreamFactory.Options("BTC-USD"));
        var taps = StreamFactory.CollectAsync(stream.ReadIndicatorsAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        var values = await taps;
        Assert.Equal(80, values.Count);
        Assert.Equal(40, values.Count(v => v.IsFinal));
        Assert.Null(values[0].Values.Rsi);
        Assert.NotNull(values[^1].Values.Rsi);
        Assert.NotNull(values[^1].Values.Macd);
        Assert.InRange(values[^1].Values.Rsi!.Value, 0, 100);
        Assert.True(values[^1].Values.BollingerUpper > values[^1].Values.BollingerLower);

        // Committed values equal the batch indicators over the closed bars: previews left no trace.
        var closed = script.Where(u => u.IsFinal).Select(u => u.Candle).ToList();
        Assert.Equal(PredictionSdk.Indicators.RsiExtensions.GetRsi(closed)[^1].Rsi!.Value, values[^1].Values.Rsi!.Value, 9);
        Assert.Equal(PredictionSdk.Indicators.BollingerBandsExtensions.GetBollingerBands(closed)[^1].UpperBand!.Value, values[^1].Values.BollingerUpper!.Value, 9);
    }

    [Fact]
    public async Task Stopping_a_disposed_stream_is_a_no_op()
    {
        var btc = Symbol.Parse("BTC-USD");
        var source = new ScriptedSource("fake", Enumerable.Range(0, 50).Select(m => Bars.Final(btc, m, Bars.PriceOf(m))).ToList());
        var stream = StreamFactory.Create([source], StreamFactory.Options("BTC-USD"), s => new FakePredictor(s));
        await stream.StartAsync();
        await stream.DisposeAsync();

        // A host may stop a stream its container already disposed: that must not throw.
        await stream.StopAsync();
        await stream.StopAsync();
        Assert.True(stream.Completion.IsCompleted);
    }

    [Fact]
    public async Task Starting_with_invalid_options_names_each_problem()
    {
        var options = new RealTimeStreamOptions { WorkerCount = 0, Interval = default(Interval) };
        await using var stream = new RealTimeStream([new GeneratedSource(1)], options);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => stream.StartAsync());

        Assert.Contains("PredictionSdk:Stream:Symbols is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("WorkerCount must be 1 or more (was 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("PredictionSdk:Stream:Interval is not set", error.Message, StringComparison.Ordinal);
    }
}
