using System.Diagnostics;
using System.Globalization;
using System.Text;
using PredictionSdk.AdaptiveReport;
using PredictionSdk.Models.Drift;

// The adaptive loop's building blocks on synthetic data with known truth: drift detection delay and false alarms,
// and how often the promotion rule promotes equal and better challengers. Written to docs/adaptive.md.
// Usage: dotnet run -c Release --project benchmarks/PredictionSdk.AdaptiveReport [-- --runs 200 --seed 1 --output report.md]
// (--adwin-delta, --ph-delta, --ph-lambda and --ph-warmup change the detectors' settings).
int runs = 200, seed = 1;
string? output = null;
var adwin = new AdwinOptions();
var pageHinkley = new PageHinkleyOptions();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--output": output = args[++i]; break;
        case "--adwin-delta": adwin.Delta = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ph-delta": pageHinkley.Delta = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ph-lambda": pageHinkley.Lambda = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ph-warmup": pageHinkley.WarmUp = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown argument '{args[i]}'. Use --runs N, --seed S, --output FILE, --adwin-delta D, --ph-delta D, --ph-lambda L, --ph-warmup N.");
    }
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
