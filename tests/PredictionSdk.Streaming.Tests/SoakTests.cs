using System.Diagnostics;
using PredictionSdk.Streaming;
using Xunit.Abstractions;

namespace PredictionSdk.Streaming.Tests;

/// <summary>Heap measurements are process-wide: this collection runs alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(SoakTests), DisableParallelization = true)]
public sealed class SoakCollection;

[Collection(nameof(SoakTests))]
public class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_day_of_minute_bars_for_50_symbols_at_full_speed_keeps_memory_flat()
    {
        const int minutes = 1440, symbols = 50;
        long heapAtQuarter = 0, heapAtEnd = 0, predictions = 0;

        // The heap is measured with the pipeline drained, so bars still queued in the bounded stages (their number
        // depends on how far the source runs ahead on a given machine) are not mistaken for growth.
        long Drained(int minute)
        {
            long expected = symbols * (long)Math.Max(0, minute - 29);
            SpinWait.SpinUntil(() => Interlocked.Read(ref predictions) >= expected, TimeSpan.FromSeconds(30));
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        void Measure(int minute)
        {
            if (minute == minutes / 4)
            {
                heapAtQuarter = Drained(minute);
            }
            else if (minute == minutes - 1)
            {
                heapAtEnd = Drained(minute);
            }
        }

        var options = StreamFactory.Options(Enumerable.Range(0, symbols).Select(i => $"S{i:D2}-USD").ToArray());
        options.Subscriber.FullMode = StreamFullMode.Wait;
        await using var stream = StreamFactory.Create([new GeneratedSource(minutes, Measure)], options, s => new FakePredictor(s, requiredHistory: 30, record: false));
        var all = stream.ReadAllAsync(); // subscribes now, before the start
        var reader = Task.Run(async () =>
        {
            await foreach (var p in all)
            {
                Interlocked.Increment(ref predictions);
            }
        });
        var watch = Stopwatch.StartNew();
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(90));
        await reader;

        output.WriteLine($"{symbols * minutes} bars in {watch.Elapsed.TotalSeconds:F1} s; heap {heapAtQuarter / 1024} KiB at a quarter, {heapAtEnd / 1024} KiB at the end");
        var stats = stream.Statistics;
        Assert.Equal(symbols * minutes, stats.CandlesOut);
        Assert.Equal(symbols * (minutes - 29), predictions);
        Assert.Equal(0, stats.TotalDrops + stats.Rejected + stats.Gaps);
        Assert.True(heapAtQuarter > 0 && heapAtEnd > 0);
        Assert.InRange(heapAtEnd - heapAtQuarter, long.MinValue, 4L * 1024 * 1024);
    }
}
