using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PredictionSdk.Orleans;

namespace PredictionSdk.Cluster;

/// <summary>
/// The <c>bench</c> verb: close-to-prediction latency when every symbol's bar closes at the same instant. Symbols are
/// added in steps (<c>--steps 25,50,100</c>); after each step settles, <c>--boundaries</c> boundaries are measured and
/// one JSON line reports the percentiles, the predictions that did not arrive and the silos' resident memory.
/// </summary>
internal static class LatencyBench
{
    public static async Task<int> RunAsync(DemoOptions options, Dictionary<Symbol, IReadOnlyList<Candle>> series, ISiloSet silos, PredictionClusterClient cluster)
    {
        var schedule = new BoundaryCandleSource(series.Values.First(), options.T0, options.Period);
        var symbols = Enumerable.Range(0, options.Steps.Max()).Select(i => Symbol.Parse($"S{i:00000}-USDT")).ToArray();
        // First arrival of each (symbol, boundary), in milliseconds after the boundary's close.
        var arrivals = new ConcurrentDictionary<(Symbol, long), double>();
        await using var subscription = await cluster.SubscribeAsync(symbols, (p, _) =>
        {
            if (!p.IsPreview)
            {
                arrivals.TryAdd((p.Symbol, schedule.BoundaryOf(p.Timestamp)), (DateTime.UtcNow - schedule.DueAt(schedule.BoundaryOf(p.Timestamp))).TotalMilliseconds);
            }

            return default;
        });

        long baseline = silos.ResidentBytes();
        int started = 0;
        foreach (int step in options.Steps)
        {
            await cluster.StartAsync(symbols[started..step]);
            started = step;
            // New symbols warm up on their first boundary: measure from a few boundaries later.
            long first = (long)Math.Ceiling((DateTime.UtcNow - options.T0 + TimeSpan.FromSeconds(5) + (options.Period * 3)) / options.Period);
            long last = first + options.Boundaries - 1;
            var wait = schedule.DueAt(last) + TimeSpan.FromSeconds(3) - DateTime.UtcNow;
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);

            var latencies = new List<double>();
            int missing = 0;
            foreach (var symbol in symbols[..step])
            {
                for (long k = first; k <= last; k++)
                {
                    if (arrivals.TryGetValue((symbol, k), out double ms))
                    {
                        latencies.Add(ms);
                    }
                    else
                    {
                        missing++;
                    }
                }
            }

            latencies.Sort();
            long resident = silos.ResidentBytes();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                silos = options.Silos,
                symbols = step,
                boundaries = options.Boundaries,
                closes = latencies.Count,
                missing,
                p50_ms = Percentile(latencies, 0.50),
                p99_ms = Percentile(latencies, 0.99),
                max_ms = latencies.Count == 0 ? double.NaN : Math.Round(latencies[^1], 1),
                resident_mb = Math.Round(resident / 1048576.0, 1),
                mb_per_symbol = Math.Round((resident - baseline) / 1048576.0 / step, 2),
                clustering = options.Clustering,
            }));
        }

        return 0;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 1);
}
