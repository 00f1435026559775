using System.Diagnostics;
using System.Globalization;
using System.Text;
using PredictionSdk.DriftReport;
using PredictionSdk.Models.Drift;

// Detection delay and false alarms of ADWIN and Page–Hinkley (default settings) on synthetic series with a known
// change point. Usage: dotnet run -c Release --project benchmarks/PredictionSdk.DriftReport [-- --runs 200 --seed 1 --output report.md]
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

const int StationaryBars = 10_000, ChangeAt = 5_000, AfterChange = 5_000;
var detectors = new (string Name, Func<IDriftDetector> Create)[]
{
    (FormattableString.Invariant($"ADWIN (δ = {adwin.Delta}, clock {adwin.Clock}, M = {adwin.MaxBucketsPerRow})"), () => new Adwin(adwin)),
    (FormattableString.Invariant($"Page–Hinkley (δ = {pageHinkley.Delta}σ̂, λ = {pageHinkley.Lambda}σ̂, α = {pageHinkley.Alpha}, warm-up {pageHinkley.WarmUp})"), () => new PageHinkley(pageHinkley)),
};

var families = new (Series Stationary, Series[] Changes)[]
{
    (new MeanShift(0), [new MeanShift(0.25), new MeanShift(0.5), new MeanShift(1), new MeanShift(2)]),
    (new VarianceShift(1, misses: false), [new VarianceShift(1.25, false), new VarianceShift(1.5, false), new VarianceShift(2, false), new VarianceShift(3, false)]),
    (new VarianceShift(1, misses: true), [new VarianceShift(1.25, true), new VarianceShift(1.5, true), new VarianceShift(2, true), new VarianceShift(3, true)]),
};

var clock = Stopwatch.StartNew();
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Runs per row: {runs} (seeds {seed} … {seed + runs - 1}). False alarms: every alarm on {StationaryBars:N0} stationary bars, scaled to 10,000 bars. Delay: bars from the change (bar {ChangeAt:N0}) to the first alarm of a rise after it; a run without one within {AfterChange:N0} bars is a miss. Alarms before the change are counted as false alarms too (the \"pre-change FA\" column, per 10,000 bars).");
report.AppendLine();
report.AppendLine("| stream | change | detector | false alarms / 10k bars | detected | median delay | p90 delay | max delay | pre-change FA / 10k |");
report.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var (stationary, changes) in families)
{
    foreach (var (name, create) in detectors)
    {
        double falseAlarms = 0;
        for (int run = 0; run < runs; run++)
        {
            var random = new Random(seed + run);
            var detector = create();
            for (int t = 0; t < StationaryBars; t++)
            {
                falseAlarms += detector.Update(stationary.Next(random, changed: false)) != ChangeDirection.None ? 1 : 0;
            }
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"| {stationary.Family} | none | {name} | {falseAlarms / runs * (10_000.0 / StationaryBars):0.00} | | | | | |");
        foreach (var series in changes)
        {
            var delays = new List<int>();
            double before = 0;
            for (int run = 0; run < runs; run++)
            {
                var random = new Random(seed + run);
                var detector = create();
                for (int t = 0; t < ChangeAt + AfterChange; t++)
                {
                    var direction = detector.Update(series.Next(random, changed: t >= ChangeAt));
                    if (t < ChangeAt)
                    {
                        before += direction != ChangeDirection.None ? 1 : 0;
                    }
                    else if (direction == ChangeDirection.Increase)
                    {
                        delays.Add(t - ChangeAt + 1);
                        break;
                    }
                }
            }

            delays.Sort();
            string Pct(double q) => delays.Count == 0 ? "—" : delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(q * delays.Count) - 1)].ToString("N0", CultureInfo.InvariantCulture);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {series.Family} | {series.Change} | {name} | | {100.0 * delays.Count / runs:0.#} % | {Pct(0.5)} | {Pct(0.9)} | {Pct(1.0)} | {before / runs * (10_000.0 / ChangeAt):0.00} |");
        }
    }
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Run time: {clock.Elapsed.TotalSeconds:0.0} s, .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
Console.Write(report.ToString());
if (output is not null)
{
    await File.WriteAllTextAsync(output, report.ToString());
}
