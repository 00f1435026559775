using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Training;
using PredictionSdk.Streaming;

namespace PredictionSdk.AdaptiveReport;

/// <summary>
/// Live close-to-prediction latency with and without a retrain running in the same process: a
/// <see cref="RealTimeStream"/> serving every symbol through <see cref="AdaptiveLearning"/> (the bundled tiny model)
/// gets closed bars at a steady rate; each bar is timed from its write into the source to its horizon-1 prediction.
/// Phases alternate: idle, retrain, idle, retrain, … A retrain is what the retraining service runs: a TorchSharp
/// <see cref="ModelTrainer"/> (Hybrid) on 7 days of BTC bars with <c>TorchThreads</c> = the budget, restarted
/// until the phase ends and then cancelled.
/// </summary>
internal static class RetrainLatency
{
    public static async Task<string> RunAsync(string modelPath, string candlePath, int symbols, int closesPerSecond, int seconds, int threads, int phaseCount)
    {
        var names = Enumerable.Range(0, symbols).Select(i => Symbol.Crypto($"S{i:D4}", "USD")).ToArray();
        var index = names.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var sentAt = new long[symbols];
        var prices = Enumerable.Repeat(100.0, symbols).ToArray();
        var random = new Random(5);
        var source = new LiveSource();

        // Wired as a host wires it: the stream serves every symbol through the adaptive loop.
        var services = new ServiceCollection();
        services.AddSingleton<ICandleSource>(source);
        services.AddPredictionSdk()
            .AddRealTimeStream(o =>
            {
                o.ModelPath = modelPath;
                o.WorkerCount = 2;
                o.WarmUpBars = 0;
                foreach (var s in names)
                {
                    o.Symbols.Add(s.Value);
                }
            })
            .AddAdaptiveLearning(o => o.Retrain.OnDrift = false);
        await using var provider = services.BuildServiceProvider();

        var phase = new List<double>(1 << 16);
        var gate = new object();
        var stream = provider.GetRequiredService<RealTimeStream>();
        stream.OnPrediction((p, _) =>
        {
            if (p.Horizon == 1)
            {
                double ms = Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[index[p.Symbol]])).TotalMilliseconds;
                lock (gate)
                {
                    phase.Add(ms);
                }
            }

            return ValueTask.CompletedTask;
        });
        await stream.StartAsync();

        // Warm-up (not measured): enough closed bars for the model to predict, then a full collection.
        int minute = 0;
        for (; minute < 400; minute++)
        {
            for (int s = 0; s < symbols; s++)
            {
                source.Writer.TryWrite(new CandleUpdate(names[s], Interval.OneMinute, Bar(ref prices[s], minute, random), true, "live"));
            }
        }

        while (stream.Statistics.CandlesOut < 400L * symbols)
        {
            await Task.Delay(50);
        }

        await Task.Delay(1000);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var candles = await CandleFile.ReadAllAsync(candlePath);
        var trainingBars = candles.Take(7 * 1440).ToList();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{symbols} symbols, {closesPerSecond} closed bars/s spread evenly, {seconds} s per phase, stream workers 2, retrain TorchThreads {threads}, model {Path.GetFileName(modelPath)}");
        report.AppendLine();
        report.AppendLine("| phase | retrain running | bars measured | p50 ms | p90 ms | p99 ms | max ms | retrain epochs finished in phase |");
        report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var phases = Enumerable.Range(0, phaseCount).Select(i => i % 2 == 0 ? "idle" : "retrain").ToArray();
        var p99 = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        for (int p = 0; p < phases.Length; p++)
        {
            bool retrain = phases[p] == "retrain";
            lock (gate)
            {
                phase.Clear();
            }

            using var stop = new CancellationTokenSource();
            int epochs = 0;
            Task training = retrain ? Task.Run(() => TrainUntilCancelledAsync(trainingBars, threads, () => Interlocked.Increment(ref epochs), stop.Token)) : Task.CompletedTask;
            if (retrain)
            {
                // Let the trainer get past data preparation into its epochs before measuring.
                await Task.Delay(3000);
            }

            minute = await PaceAsync(source, names, prices, sentAt, random, minute, closesPerSecond, seconds);
            await stop.CancelAsync();
            await training;
            await Task.Delay(500);
            double[] sorted;
            lock (gate)
            {
                sorted = [.. phase.Order()];
            }

            double Q(double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
            p99[retrain].Add(Q(0.99));
            report.AppendLine(CultureInfo.InvariantCulture, $"| {p + 1} | {(retrain ? "yes" : "no")} | {sorted.Length:N0} | {Q(0.5):0.00} | {Q(0.9):0.00} | {Q(0.99):0.00} | {(sorted.Length == 0 ? double.NaN : sorted[^1]):0.0} | {(retrain ? epochs.ToString(CultureInfo.InvariantCulture) : "")} |");
        }

        await stream.StopAsync();
        report.AppendLine();
        double Median(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);
        report.AppendLine(CultureInfo.InvariantCulture, $"Median p99 over phases: {Median(p99[false]):0.00} ms without a retrain, {Median(p99[true]):0.00} ms with one.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Predictions {stream.Statistics.Predictions:N0}, drops {stream.Statistics.TotalDrops}; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
        return report.ToString();
    }

    /// <summary>Writes closed bars at a steady rate, one symbol after another, each stamped when written.</summary>
    private static async Task<int> PaceAsync(LiveSource source, Symbol[] names, double[] prices, long[] sentAt, Random random, int minute, int perSecond, int seconds)
    {
        long start = Stopwatch.GetTimestamp();
        long total = (long)perSecond * seconds;
        int next = 0;
        for (long written = 0; written < total;)
        {
            long due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond) + 1);
            for (; written < due; written++)
            {
                int s = next++;
                if (next == names.Length)
                {
                    next = 0;
                    minute++;
                }

                var bar = Bar(ref prices[s], minute, random);
                Volatile.Write(ref sentAt[s], Stopwatch.GetTimestamp());
                source.Writer.TryWrite(new CandleUpdate(names[s], Interval.OneMinute, bar, true, "live"));
            }

            await Task.Delay(1);
        }

        return minute + 1;
    }

    private static async Task TrainUntilCancelledAsync(IReadOnlyList<Candle> candles, int threads, Action epochDone, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var trainer = new ModelTrainer(new TrainerOptions { Symbol = Symbol.Parse("BTC-USDT"), Interval = Interval.OneMinute, Horizons = [1, 5], TorchThreads = threads, HoldoutFraction = 0.05 });
                trainer.PrepareData(candles, "latency benchmark");
                trainer.ConfigureModel(ModelOptions.For(ModelType.Hybrid));
                int last = 0;
                var progress = new Progress<TrainingProgress>(p =>
                {
                    if (p.Epoch > last)
                    {
                        last = p.Epoch;
                        epochDone();
                    }
                });
                await trainer.TrainAsync(new TrainingOptions { Epochs = 50, BatchSize = 256 }, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static Candle Bar(ref double price, int minute, Random random)
    {
        double open = price;
        price *= Math.Exp((random.NextDouble() - 0.5) * 0.002);
        double high = Math.Max(open, price) * 1.0005, low = Math.Min(open, price) * 0.9995;
        return new Candle(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(minute), open, high, low, price, 10 + random.NextDouble());
    }

    private sealed class LiveSource : ICandleSource
    {
        private readonly Channel<CandleUpdate> _channel = Channel.CreateUnbounded<CandleUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public string Name => "live";

        public ChannelWriter<CandleUpdate> Writer => _channel.Writer;

        public IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, CancellationToken cancellationToken = default) =>
            _channel.Reader.ReadAllAsync(cancellationToken);

        public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Candle>>([]);
    }
}
