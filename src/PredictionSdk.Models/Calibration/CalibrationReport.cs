using System.Globalization;
using System.Text;

namespace PredictionSdk.Models.Calibration;

/// <summary>One bin of a reliability table: forecasts whose confidence fell in [<paramref name="From"/>, <paramref name="To"/>).</summary>
/// <param name="From">Lower confidence edge.</param>
/// <param name="To">Upper confidence edge.</param>
/// <param name="Count">Forecasts in the bin.</param>
/// <param name="MeanConfidence">Mean stated confidence.</param>
/// <param name="Accuracy">Fraction whose direction was right.</param>
public readonly record struct ReliabilityBin(double From, double To, int Count, double MeanConfidence, double Accuracy);

/// <summary>How well calibrated forecasts of one horizon held up on held-out data.</summary>
/// <param name="Horizon">Bars ahead.</param>
/// <param name="Samples">Held-out forecasts.</param>
/// <param name="Coverage">Observed coverage per nominal level.</param>
/// <param name="MeanWidth">Mean interval width (log return) per nominal level.</param>
/// <param name="RawCoverage90">Coverage of the model's own 5–95 % band before conformal adjustment.</param>
/// <param name="DirectionAccuracy">Fraction of calibrated directions that were right.</param>
/// <param name="Ece">Expected calibration error of the calibrated confidence.</param>
/// <param name="RawEce">Expected calibration error of the model's uncalibrated confidence.</param>
/// <param name="Reliability">Reliability table of the calibrated confidence.</param>
public sealed record HorizonCalibrationReport(
    int Horizon,
    int Samples,
    IReadOnlyDictionary<double, double> Coverage,
    IReadOnlyDictionary<double, double> MeanWidth,
    double RawCoverage90,
    double DirectionAccuracy,
    double Ece,
    double RawEce,
    IReadOnlyList<ReliabilityBin> Reliability)
{
    /// <summary>
    /// Coverage and width per nominal level when the intervals are also adapted online
    /// (<see cref="AdaptiveConformal"/>), replayed in time order with each outcome fed back once known.
    /// </summary>
    public IReadOnlyDictionary<double, AdaptiveCoverage> Adaptive { get; init; } = new Dictionary<double, AdaptiveCoverage>();
}

/// <summary>Measures interval coverage, expected calibration error and a reliability table on held-out data.</summary>
public static class CalibrationReport
{
    /// <summary>Bins of the reliability table over confidence [0.5, 1].</summary>
    public const int Bins = 10;

    /// <summary>Measures every horizon of <paramref name="calibration"/> on n × horizons held-out forecasts and outcomes.</summary>
    /// <param name="calibration">The calibration under test.</param>
    /// <param name="forecasts">n × horizons forecasts, sample-major, one sample per bar in time order.</param>
    /// <param name="realized">n × horizons realised forward log returns.</param>
    /// <param name="adaptationRate">Step size of the online interval adaptation also measured; 0 skips it.</param>
    public static IReadOnlyList<HorizonCalibrationReport> Measure(ForecastCalibration calibration, ReadOnlySpan<HorizonForecast> forecasts, ReadOnlySpan<double> realized, double adaptationRate = AdaptiveConformal.DefaultRate)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        int h = calibration.Horizons.Count;
        if (forecasts.Length != realized.Length || forecasts.Length % h != 0)
        {
            throw new ArgumentException($"Expected n × {h} forecasts and outcomes; got {forecasts.Length} and {realized.Length}.");
        }

        int n = forecasts.Length / h;
        var reports = new List<HorizonCalibrationReport>(h);
        for (int j = 0; j < h; j++)
        {
            var levels = calibration.Horizons[j].Levels;
            var covered = new int[levels.Count];
            var width = new double[levels.Count];
            var confidence = new List<double>(n);
            var rawConfidence = new List<double>(n);
            var right = new List<bool>(n);
            var rawRight = new List<bool>(n);
            var staticLower = new double[levels.Count][];
            var staticUpper = new double[levels.Count][];
            var outcome = new double[n];
            for (int l = 0; l < levels.Count; l++)
            {
                (staticLower[l], staticUpper[l]) = (new double[n], new double[n]);
            }

            int rawCovered = 0, count = 0;
            for (int i = 0; i < n; i++)
            {
                var f = forecasts[(i * h) + j];
                double y = realized[(i * h) + j];
                outcome[i] = y;
                if (!double.IsFinite(y))
                {
                    continue;
                }

                count++;
                bool up = y > 0;
                for (int l = 0; l < levels.Count; l++)
                {
                    var c = calibration.Apply(f, j, levels[l]);
                    (staticLower[l][i], staticUpper[l][i]) = (c.Lower, c.Upper);
                    covered[l] += y >= c.Lower && y <= c.Upper ? 1 : 0;
                    width[l] += c.Upper - c.Lower;
                    if (l == 0)
                    {
                        confidence.Add(c.Confidence);
                        right.Add((c.Direction == Direction.Up) == up);
                    }
                }

                rawCovered += y >= Math.Min(f.Q05, f.Q95) && y <= Math.Max(f.Q05, f.Q95) ? 1 : 0;
                rawConfidence.Add(Math.Max(f.UpProbability, 1 - f.UpProbability));
                rawRight.Add((f.UpProbability >= 0.5f) == up);
            }

            if (count == 0)
            {
                throw new InsufficientDataException($"Calibration report for horizon {calibration.Horizons[j].Horizon}", 1, 0);
            }

            var table = Reliability(confidence, right);
            reports.Add(new HorizonCalibrationReport(
                calibration.Horizons[j].Horizon,
                count,
                levels.Select((level, l) => (level, (double)covered[l] / count)).ToDictionary(p => p.level, p => p.Item2),
                levels.Select((level, l) => (level, width[l] / count)).ToDictionary(p => p.level, p => p.Item2),
                (double)rawCovered / count,
                right.Count(r => r) / (double)count,
                Ece(table, count),
                Ece(Reliability(rawConfidence, rawRight), count),
                table)
            {
                Adaptive = adaptationRate == 0
                    ? new Dictionary<double, AdaptiveCoverage>()
                    : levels.Select((level, l) => (level, AdaptiveConformal.Replay(
                        staticLower[l], staticUpper[l], outcome, new AdaptiveConformal(level, adaptationRate, calibration.Horizons[j].WidthFloor), calibration.Horizons[j].Horizon)))
                        .ToDictionary(p => p.level, p => p.Item2),
            });
        }

        return reports;
    }

    /// <summary>Reliability table over confidence [0.5, 1] in <see cref="Bins"/> equal bins.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(IReadOnlyList<double> confidence, IReadOnlyList<bool> right)
    {
        ArgumentNullException.ThrowIfNull(confidence);
        ArgumentNullException.ThrowIfNull(right);
        var count = new int[Bins];
        var sumConf = new double[Bins];
        var hits = new int[Bins];
        for (int i = 0; i < confidence.Count; i++)
        {
            int b = Math.Clamp((int)((confidence[i] - 0.5) / 0.5 * Bins), 0, Bins - 1);
            count[b]++;
            sumConf[b] += confidence[i];
            hits[b] += right[i] ? 1 : 0;
        }

        var bins = new ReliabilityBin[Bins];
        for (int b = 0; b < Bins; b++)
        {
            double from = 0.5 + (0.5 * b / Bins), to = 0.5 + (0.5 * (b + 1) / Bins);
            bins[b] = new ReliabilityBin(from, to, count[b], count[b] == 0 ? double.NaN : sumConf[b] / count[b], count[b] == 0 ? double.NaN : (double)hits[b] / count[b]);
        }

        return bins;
    }

    /// <summary>Expected calibration error: the count-weighted mean |accuracy − confidence| over bins.</summary>
    public static double Ece(IReadOnlyList<ReliabilityBin> bins, int total)
    {
        ArgumentNullException.ThrowIfNull(bins);
        double ece = 0;
        foreach (var b in bins)
        {
            if (b.Count > 0)
            {
                ece += (double)b.Count / total * Math.Abs(b.Accuracy - b.MeanConfidence);
            }
        }

        return ece;
    }

    /// <summary>Formats reports as Markdown: a coverage/ECE summary and one reliability table per horizon.</summary>
    public static string ToMarkdown(IReadOnlyList<HorizonCalibrationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| horizon | samples | raw 5–95 % band coverage | 80 % coverage | 90 % coverage | 95 % coverage | 90 % mean width (bp) | direction accuracy | ECE raw | ECE calibrated |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in reports)
        {
            string Cov(double level) => r.Coverage.TryGetValue(level, out double v) ? v.ToString("P1", inv) : "–";
            string width = r.MeanWidth.TryGetValue(0.9, out double w) ? (w * 1e4).ToString("F1", inv) : "–";
            text.AppendLine(inv, $"| {r.Horizon} | {r.Samples} | {r.RawCoverage90:P1} | {Cov(0.8)} | {Cov(0.9)} | {Cov(0.95)} | {width} | {r.DirectionAccuracy:P1} | {r.RawEce:F4} | {r.Ece:F4} |");
        }

        if (reports.Any(r => r.Adaptive.Count > 0))
        {
            text.AppendLine();
            text.AppendLine("Intervals adapted online (each outcome fed back once known):");
            text.AppendLine();
            text.AppendLine("| horizon | 80 % coverage | 90 % coverage | 95 % coverage | 90 % mean width (bp) | final 90 % offset (× width) |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var r in reports)
            {
                string Cov(double level) => r.Adaptive.TryGetValue(level, out var a) ? a.Coverage.ToString("P1", inv) : "–";
                bool has90 = r.Adaptive.TryGetValue(0.9, out var a90);
                string width = has90 ? (a90.MeanWidth * 1e4).ToString("F1", inv) : "–";
                string offset = has90 ? a90.FinalOffset.ToString("+0.000;-0.000", inv) : "–";
                text.AppendLine(inv, $"| {r.Horizon} | {Cov(0.8)} | {Cov(0.9)} | {Cov(0.95)} | {width} | {offset} |");
            }
        }

        foreach (var r in reports)
        {
            text.AppendLine();
            text.AppendLine(inv, $"Reliability, horizon {r.Horizon} (calibrated confidence):");
            text.AppendLine();
            text.AppendLine("| confidence bin | forecasts | mean confidence | observed accuracy |");
            text.AppendLine("|---|---:|---:|---:|");
            foreach (var b in r.Reliability)
            {
                string conf = b.Count == 0 ? "–" : b.MeanConfidence.ToString("F3", inv);
                string acc = b.Count == 0 ? "–" : b.Accuracy.ToString("F3", inv);
                text.AppendLine(inv, $"| [{b.From:F2}, {b.To:F2}) | {b.Count} | {conf} | {acc} |");
            }
        }

        return text.ToString();
    }
}
