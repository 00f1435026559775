using System.Diagnostics;
using System.Globalization;
using System.Text;
using PredictionSdk.AdaptiveReport;
using PredictionSdk.Models.Drift;

// The adaptive loop's building blocks on synthetic data with known truth: drift detection delay and false alarms,
// and how often the promotion rule promotes equal and better challengers. Written to docs/adaptive.md.
// Usage: dotnet run -c Release --project benchmarks/PredictionSdk.AdaptiveReport [-- --runs 200 --seed 1 --output report.md]
// (--adwin-delta, --ph-delta, --ph-lambda and --ph-warmup change the detectors' settings).
// Plots of simulations: dotnet run -c Release --project benchmarks/PredictionSdk.AdaptiveReport -- --plots docs/reports \
//   --simulation fil.json --simulation near.json   (JSON of psdk simulate --adaptive --json-out; one SVG per file).
// Latency with a retrain running: ... -- --retrain-latency samples/models/btc-tiny-hybrid.psdk samples/data/BTCUSDT-1m-2024-01.csv.gz
//   [--symbols 200 --closes-per-second 200 --seconds 30 --threads 1 --phases 4]
int runs = 200, seed = 1;
string? output = null, plots = null, latencyModel = null, latencyCandles = null;
int latencySymbols = 200, latencyRate = 200, latencySeconds = 30, latencyThreads = 1, latencyPhases = 4;
var simulations = new List<string>();
var adwin = new AdwinOptions();
var pageHinkley = new PageHinkleyOptions();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--output": output = args[++i]; break;
        case "--plots": plots = args[++i]; break;
        case "--simulation": simulations.Add(args[++i]); break;
        case "--retrain-latency": latencyModel = args[++i]; latencyCandles = args[++i]; break;
        case "--symbols": latencySymbols = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--closes-per-second": latencyRate = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seconds": latencySeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": latencyThreads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--phases": latencyPhases = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--adwin-delta": adwin.Delta = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ph-delta": pageHinkley.Delta = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ph-lambda": pageHinkley.Lambda = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ph-warmup": pageHinkley.WarmUp = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown argument '{args[i]}'. Use --runs N, --seed S, --output FILE, --adwin-delta D, --ph-delta D, --ph-lambda L, --ph-warmup N; or --plots FOLDER --simulation FILE.json …; or --retrain-latency MODEL CANDLES [--symbols N --closes-per-second R --seconds S --threads T --phases P].");
    }
}

if (latencyModel is not null)
{
    // Live close-to-prediction latency with and without a retrain running (docs/benchmarks.md).
    Console.Write(await RetrainLatency.RunAsync(latencyModel, latencyCandles!, latencySymbols, latencyRate, latencySeconds, latencyThreads, latencyPhases));
    return;
}

if (plots is not null || simulations.Count > 0)
{
    // Plots of `psdk simulate --adaptive --json-out` results instead of the synthetic report.
    if (plots is null || simulations.Count == 0)
    {
        throw new ArgumentException("--plots FOLDER needs at least one --simulation FILE.json, and --simulation needs --plots.");
    }

    Console.Write(SimulationPlots.Write(simulations, plots));
    return;
}

var clock = Stopwatch.StartNew();
var report = new StringBuilder();
DriftSection.Write(report, runs, seed, adwin, pageHinkley);
PromotionSection.Write(report, runs, seed);
report.AppendLine(CultureInfo.InvariantCulture, $"Run time: {clock.Elapsed.TotalSeconds:0.0} s, .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
Console.Write(report.ToString());
if (output is not null)
{
    await File.WriteAllTextAsync(output, report.ToString());
}
