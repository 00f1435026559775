using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PredictionSdk.AdaptiveReport;

/// <summary>
/// Turns the JSON of <c>psdk simulate --adaptive --json-out F</c> into an SVG of static vs adaptive over time (daily
/// direction accuracy, log loss, 90 % coverage, and the cumulative log-loss difference) with every retrain, promotion,
/// rollback and drift alarm marked, plus a markdown summary row, so the figures in docs/adaptive.md are generated.
/// </summary>
internal static class SimulationPlots
{
    private const int Width = 960, PanelHeight = 150, Left = 70, Right = 20, Top = 40, Gap = 34;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes one SVG per JSON file into <paramref name="folder"/> and returns the markdown summary.</summary>
    public static string Write(IReadOnlyList<string> jsonFiles, string folder)
    {
        Directory.CreateDirectory(folder);
        var summary = new StringBuilder();
        summary.AppendLine("| symbol | days simulated | run | h = 1 accuracy | h = 1 log loss | h = 1 coverage90 | h = 5 accuracy | h = 5 log loss | scored (h = 1) | retrains ok / failed | promotions | rollbacks | drift alarms | wall time |");
        summary.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (string file in jsonFiles)
        {
            var run = JsonNode.Parse(File.ReadAllText(file))?.AsObject()
                ?? throw new InvalidDataException($"{file}: not a JSON object");
            if (run["adaptive"] is null)
            {
                throw new InvalidDataException($"{file}: no 'adaptive' results; run psdk simulate with --adaptive");
            }

            string name = Path.GetFileNameWithoutExtension(file);
            string svgPath = Path.Combine(folder, name + ".svg");
            File.WriteAllText(svgPath, Svg(run));
            Summarise(summary, run);
            Console.Error.WriteLine($"wrote {svgPath}");
        }

        return summary.ToString();
    }

    private static void Summarise(StringBuilder summary, JsonObject run)
    {
        string Num(JsonNode? n) => n is null ? "" : ((double)n).ToString("0.0000", Inv);
        string H(JsonNode? scores, string horizon, string key) => Num(scores?["horizons"]?[horizon]?[key]);
        var retrains = run["retrains"]!.AsArray();
        int ok = retrains.Count(r => (string?)r!["status"] == "succeeded");
        string from = ((string)run["from"]!)[..10], to = ((string)run["to"]!)[..10];
        foreach (string kind in new[] { "static", "adaptive" })
        {
            var s = run[kind];
            bool adaptive = kind == "adaptive";
            summary.Append(Inv, $"| {(adaptive ? "" : run["symbol"])} | {(adaptive ? "" : $"{from} – {to}")} | {kind} | {H(s, "1", "direction_accuracy")} | {H(s, "1", "log_loss")} | {H(s, "1", "coverage90")} | ");
            summary.Append(Inv, $"{H(s, "5", "direction_accuracy")} | {H(s, "5", "log_loss")} | {((long?)s?["samples"])?.ToString("N0", Inv)} | ");
            summary.AppendLine(adaptive
                ? string.Create(Inv, $"{ok} / {retrains.Count - ok} | {run["promotions"]!.AsArray().Count} | {run["rollbacks"]!.AsArray().Count} | {run["drift_alarms"]} | {(double)run["seconds"]! / 60:0} min |")
                : " | | | | |");
        }
    }

    private static string Svg(JsonObject run)
    {
        var days = Daily(run["static"]!);
        var adaptiveDays = Daily(run["adaptive"]!);
        var first = days.Keys.Concat(adaptiveDays.Keys).Min();
        var last = days.Keys.Concat(adaptiveDays.Keys).Max().AddDays(1);
        double span = (last - first).TotalDays;
        double X(DateTime t) => Left + ((t - first).TotalDays / span * (Width - Left - Right));

        var panels = new (string Title, string Key, bool Cumulative)[]
        {
            ("direction accuracy, horizon 1 (daily)", "direction_accuracy", false),
            ("direction log loss, nats (daily; lower is better)", "log_loss", false),
            ("90 % interval coverage (daily; aim 0.90)", "coverage90", false),
            ("cumulative Σ daily log loss, static − adaptive (above 0: adaptation helped)", "log_loss", true),
        };
        int height = Top + (panels.Length * (PanelHeight + Gap)) + 10;
        var svg = new StringBuilder();
        svg.AppendLine(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.AppendLine(Inv, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine(Inv, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{run["symbol"]}: static vs adaptive, {((string)run["from"]!)[..10]} – {((string)run["to"]!)[..10]} ({run["bars"]:N0} bars; retrain every {run["retrain_every"] ?? "drift only"})</text>");
        svg.AppendLine(Inv, $"<text x=\"{Left}\" y=\"32\" fill=\"#555\">grey: static champion · blue: adaptive · green dashes: retrain · orange: promotion · red: rollback · purple ticks: drift alarm</text>");

        for (int p = 0; p < panels.Length; p++)
        {
            var (title, key, cumulative) = panels[p];
            double top = Top + (p * (PanelHeight + Gap)) + 14;
            var staticSeries = Series(days, key);
            var adaptiveSeries = Series(adaptiveDays, key);
            List<(DateTime Day, double Value)> difference = [];
            if (cumulative)
            {
                double sum = 0;
                var adaptiveByDay = adaptiveSeries.ToDictionary(a => a.Day, a => a.Value);
                foreach (var (day, value) in staticSeries)
                {
                    if (adaptiveByDay.TryGetValue(day, out double adaptiveValue))
                    {
                        sum += value - adaptiveValue;
                        difference.Add((day, sum));
                    }
                }
            }

            var all = cumulative ? difference.Select(d => d.Value).Append(0).ToList() : staticSeries.Concat(adaptiveSeries).Select(d => d.Value).ToList();
            if (all.Count == 0)
            {
                continue;
            }

            double min = all.Min(), max = all.Max();
            if (max - min < 1e-9)
            {
                min -= 0.001;
                max += 0.001;
            }

            double pad = (max - min) * 0.08;
            min -= pad;
            max += pad;
            double Y(double v) => top + PanelHeight - ((v - min) / (max - min) * PanelHeight);

            svg.AppendLine(Inv, $"<text x=\"{Left}\" y=\"{top - 4:0.#}\" font-weight=\"bold\">{title}</text>");
            svg.AppendLine(Inv, $"<rect x=\"{Left}\" y=\"{top:0.#}\" width=\"{Width - Left - Right}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#bbb\"/>");
            for (int t = 0; t <= 4; t++)
            {
                double v = min + ((max - min) * t / 4);
                svg.AppendLine(Inv, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v.ToString(Math.Abs(max - min) < 0.05 ? "0.0000" : "0.000", Inv)}</text>");
            }

            if (key == "coverage90" && !cumulative && min < 0.9 && max > 0.9)
            {
                svg.AppendLine(Inv, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(0.9):0.#}\" y2=\"{Y(0.9):0.#}\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>");
            }

            if (cumulative && min < 0 && max > 0)
            {
                svg.AppendLine(Inv, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(0):0.#}\" y2=\"{Y(0):0.#}\" stroke=\"#999\"/>");
            }

            Markers(svg, run, X, top);
            if (cumulative)
            {
                svg.AppendLine(Polyline(difference, X, Y, "#1f5fbf"));
            }
            else
            {
                svg.AppendLine(Polyline(staticSeries, X, Y, "#888"));
                svg.AppendLine(Polyline(adaptiveSeries, X, Y, "#1f5fbf"));
            }
        }

        // Date axis under the last panel.
        double axis = Top + (panels.Length * (PanelHeight + Gap)) - Gap + 14 + 14;
        int step = Math.Max(1, (int)Math.Ceiling(span / 12));
        for (var d = first; d <= last; d = d.AddDays(step))
        {
            svg.AppendLine(Inv, $"<text x=\"{X(d):0.#}\" y=\"{axis:0.#}\" text-anchor=\"middle\">{d:MM-dd}</text>");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Markers(StringBuilder svg, JsonObject run, Func<DateTime, double> x, double top)
    {
        void Line(DateTime t, string colour, string dash, double width) =>
            svg.AppendLine(Inv, $"<line x1=\"{x(t):0.#}\" x2=\"{x(t):0.#}\" y1=\"{top:0.#}\" y2=\"{top + PanelHeight:0.#}\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/>");

        foreach (var r in run["retrains"]!.AsArray())
        {
            if ((string?)r!["status"] == "succeeded")
            {
                Line(Time(r["as_of"]), "#3a9a3a", " stroke-dasharray=\"3,3\"", 1);
            }
        }

        foreach (var s in run["swaps"]!.AsArray())
        {
            bool rollback = ((string?)s!["reason"] ?? "").Contains("roll", StringComparison.OrdinalIgnoreCase);
            Line(Time(s["first_bar"]), rollback ? "#d03030" : "#e08a00", "", 2);
        }

        foreach (var e in run["drift_events"]?.AsArray() ?? [])
        {
            double at = x(Time(e!["bar"]));
            svg.AppendLine(Inv, $"<line x1=\"{at:0.#}\" x2=\"{at:0.#}\" y1=\"{top + PanelHeight - 6:0.#}\" y2=\"{top + PanelHeight:0.#}\" stroke=\"#8a3ab9\"/>");
        }
    }

    private static string Polyline(List<(DateTime Day, double Value)> points, Func<DateTime, double> x, Func<double, double> y, string colour)
    {
        var text = new StringBuilder();
        text.Append(Inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"");
        foreach (var (day, value) in points)
        {
            text.Append(Inv, $"{x(day.AddHours(12)):0.#},{y(value):0.#} ");
        }

        text.Append("\"/>");
        return text.ToString();
    }

    private static SortedDictionary<DateTime, JsonObject> Daily(JsonNode scores)
    {
        var days = new SortedDictionary<DateTime, JsonObject>();
        foreach (var row in scores["daily"]!.AsArray())
        {
            days[DateTime.ParseExact((string)row!["day"]!, "yyyy-MM-dd", Inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)] = row.AsObject();
        }

        return days;
    }

    private static List<(DateTime Day, double Value)> Series(SortedDictionary<DateTime, JsonObject> days, string key) =>
        [.. days.Where(d => d.Value[key] is not null && (long)d.Value["samples"]! >= 60).Select(d => (d.Key, (double)d.Value[key]!))];

    private static DateTime Time(JsonNode? node) =>
        DateTime.Parse((string)node!, Inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
