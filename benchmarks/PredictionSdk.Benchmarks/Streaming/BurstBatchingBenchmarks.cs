using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PredictionSdk.Streaming;

namespace PredictionSdk.Benchmarks.Streaming;

/// <summary>
/// A minute boundary: every symbol's bar closes at the same instant and each close is predicted by the bundled tiny
/// Hybrid (ONNX Runtime, every horizon) — with minute-boundary batching off (one ONNX call per symbol) and on (each
/// worker's queued closes in one call). One operation is one burst; p50/p99/max close-to-prediction (from each
/// close's write into the source to its horizon-1 prediction callback) and the mean batch size are printed at cleanup.
/// </summary>
public class BurstBatchingBenchmarks
{
    private readonly List<double> _latencies = new(1 << 20);
    private Symbol[] _symbols = [];
    private Dictionary<Symbol, int> _index = [];
    private long[] _sentAt = [];
    private double[] _prices = [];
    private ChannelSource _source = null!;
    private RealTimeStream _stream = null!;
    private SemaphoreSlim _burstDone = null!;
    private readonly Random _random = new(5);
    private int _pending;
    private int _minute;
    private bool _measuring;
    private StreamStatistics _before = new();

    /// <summary>Symbols closing at once in this process.</summary>
    [Params(1_000, 5_000)]
    public int Symbols { get; set; } = 1_000;

    /// <summary>Minute-boundary batching (<see cref="RealTimeStreamOptions.Batching"/>).</summary>
    [Params(false, true)]
    public bool Batching { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _symbols = StreamingData.Symbols(Symbols);
        _index = _symbols.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        _sentAt = new long[Symbols];
        _prices = Enumerable.Repeat(100.0, Symbols).ToArray();
        _burstDone = new SemaphoreSlim(0);
        _source = new ChannelSource();
        var options = StreamingData.Options(_symbols, workers: 2);
        options.ModelPath = StreamingData.BundlePath;
        options.WarmUpBars = 0;
        options.Batching.Enabled = Batching;
        options.Input.Capacity = Symbols * 2;
        options.Output.Capacity = Symbols * 8;
        _stream = new RealTimeStream([_source], options);
        _stream.OnPrediction((p, _) =>
        {
            if (p.Horizon != 1 || !_measuring)
            {
                return ValueTask.CompletedTask;
            }

            _latencies.Add(Stopwatch.GetElapsedTime(_sentAt[_index[p.Symbol]]).TotalMilliseconds);
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _burstDone.Release();
            }

            return ValueTask.CompletedTask;
        });
        _stream.StartAsync().GetAwaiter().GetResult();

        // Warm every symbol's features and window (the tiny model needs about 207 bars), then let the stream go idle.
        for (int i = 0; i < 215; i++)
        {
            Burst(wait: false);
        }

        while (_stream.Statistics.CandlesOut < 215L * Symbols)
        {
            Thread.Sleep(20);
        }

        long seen;
        do
        {
            seen = _stream.Statistics.Predictions;
            Thread.Sleep(300);
        }
        while (_stream.Statistics.Predictions != seen);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _before = _stream.Statistics;
        _latencies.Clear();
        _measuring = true;
    }

    [Benchmark]
    public void MinuteBoundary() => Burst(wait: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        var after = _stream.Statistics;
        _stream.StopAsync().GetAwaiter().GetResult();
        _latencies.Sort();
        double P(double q) => _latencies[(int)Math.Min(_latencies.Count - 1, q * _latencies.Count)];
        long batches = after.PredictionBatches - _before.PredictionBatches;
        double meanBatch = batches == 0 ? 1 : (after.BatchedPredictions - _before.BatchedPredictions) / (double)batches;
        Console.WriteLine(FormattableString.Invariant(
            $"// burst ({Symbols} symbols, batching {(Batching ? "on" : "off")}) over {_latencies.Count} closes: p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms, max {_latencies[^1]:F2} ms; mean batch {meanBatch:F1}; prediction errors {after.PredictionErrors}"));
    }

    private void Burst(bool wait)
    {
        var time = StreamingData.Start.AddMinutes(_minute++);
        Volatile.Write(ref _pending, wait ? Symbols : int.MaxValue);
        for (int s = 0; s < Symbols; s++)
        {
            var bar = StreamingData.Bar(ref _prices[s], time, _random);
            _sentAt[s] = Stopwatch.GetTimestamp();
            _source.Writer.TryWrite(new CandleUpdate(_symbols[s], Interval.OneMinute, bar, IsFinal: true, "live"));
        }

        if (wait)
        {
            _burstDone.Wait();
        }
    }
}
