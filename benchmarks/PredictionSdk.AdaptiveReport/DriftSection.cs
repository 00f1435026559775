using System.Globalization;
using System.Text;
using PredictionSdk.Models.Drift;

namespace PredictionSdk.AdaptiveReport;

/// <summary>Detection delay and false alarms of both detectors on every synthetic series.</summary>
internal static class DriftSection
{
    private const int StationaryBars = 10_000, ChangeAt = 5_000, AfterChange = 5_000;

    public static void Write(StringBuilder report, int runs, int seed, AdwinOptions adwin, PageHinkleyOptions pageHinkley)
    {
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

        report.AppendLine("## Drift detectors");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Runs per row: {runs} (seeds {seed} … {seed + runs - 1}). False alarms: every alarm on {runs} stationary streams of {StationaryBars:N0} bars ({(long)runs * StationaryBars:N0} bars), per 10,000 bars, with the count in brackets. Delay: bars from the change (bar {ChangeAt:N0}) to the first alarm of a rise after it; a run without one within {AfterChange:N0} bars is a miss. Alarms before the change are counted as false alarms too (the \"pre-change FA\" column, per 10,000 bars).");
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

                report.AppendLine(CultureInfo.InvariantCulture, $"| {stationary.Family} | none | {name} | {falseAlarms / runs * (10_000.0 / StationaryBars):0.000} ({falseAlarms:0}) | | | | | |");
                foreach (var series in changes)
                {
                    var (delays, before) = Delays(series, create, runs, seed);
                    string Pct(double q) => delays.Count == 0 ? "—" : delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(q * delays.Count) - 1)].ToString("N0", CultureInfo.InvariantCulture);
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"| {series.Family} | {series.Change} | {name} | | {100.0 * delays.Count / runs:0.#} % | {Pct(0.5)} | {Pct(0.9)} | {Pct(1.0)} | {before / runs * (10_000.0 / ChangeAt):0.000} |");
                }
            }
        }

        report.AppendLine();
    }

    private static (List<int> Delays, double AlarmsBefore) Delays(Series series, Func<IDriftDetector> create, int runs, int seed)
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
        return (delays, before);
    }
}
