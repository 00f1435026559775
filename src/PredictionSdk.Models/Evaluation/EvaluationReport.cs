using System.Text.Json.Serialization;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PredictionSdk.Models.Evaluation;

/// <summary>Out-of-sample metrics of one model at one horizon, pooled over every walk-forward fold.</summary>
public sealed record HorizonMetrics
{
    /// <summary>Bars ahead.</summary>
    public int Horizon { get; init; }

    /// <summary>Test samples.</summary>
    public int Samples { get; init; }

    /// <summary>Non-flat test samples on which the model made a direction call.</summary>
    public int DirectionalSamples { get; init; }

    /// <summary>Correct direction calls.</summary>
    public int Hits { get; init; }

    /// <summary>Hits / directional samples.</summary>
    public double DirectionalAccuracy { get; init; }

    /// <summary>Lower end of the Wilson 95 % interval of the accuracy.</summary>
    public double AccuracyLow95 { get; init; }

    /// <summary>Upper end of the Wilson 95 % interval of the accuracy.</summary>
    public double AccuracyHigh95 { get; init; }

    /// <summary>Exact two-sided binomial p-value of the hits against a fair coin.</summary>
    public double PValue { get; init; }

    /// <summary>Mean absolute error of the median forecast (log return).</summary>
    public double Mae { get; init; }

    /// <summary>Root mean squared error of the median forecast (log return).</summary>
    public double Rmse { get; init; }

    /// <summary>Out-of-sample R² of returns (1 − SSE/SST around the test mean); below 0 means worse than a constant.</summary>
    public double RSquared { get; init; }

    /// <summary>Brier score of the up-probability on non-flat moves.</summary>
    public double Brier { get; init; }

    /// <summary>Log loss of the up-probability on non-flat moves.</summary>
    public double LogLoss { get; init; }

    /// <summary>Share of outcomes inside [Q05, Q95] (nominal 0.90).</summary>
    public double Coverage90 { get; init; }

    /// <summary>Mean Q95 − Q05 (log return).</summary>
    public double MeanWidth90 { get; init; }

    /// <summary>Non-overlapping holding periods of the sign strategy.</summary>
    public int StrategyPeriods { get; init; }

    /// <summary>Annualised Sharpe ratio of the sign strategy before fees.</summary>
    public double SharpeGross { get; init; }

    /// <summary>Annualised Sharpe ratio after fees.</summary>
    public double SharpeNet { get; init; }

    /// <summary>Largest peak-to-trough fall of the net equity curve (fraction).</summary>
    public double MaxDrawdownNet { get; init; }

    /// <summary>Mean absolute position change per period (0 … 2).</summary>
    public double Turnover { get; init; }

    /// <summary>Sum of net log returns of the strategy over all test folds.</summary>
    public double TotalLogReturnNet { get; init; }

    /// <summary>Mean estimated effective spread of the test bars (fraction of price; NaN when the evaluation had no candles).</summary>
    public double EffectiveSpread { get; init; }

    /// <summary>Directional calls on moves larger than their bar's estimated spread.</summary>
    public int BeyondSpreadSamples { get; init; }

    /// <summary>Direction accuracy on moves larger than their bar's estimated spread: the part of the accuracy that is not bid-ask bounce.</summary>
    public double AccuracyBeyondSpread { get; init; }

    /// <summary>Lower end of the 95 % Wilson interval of <see cref="AccuracyBeyondSpread"/>.</summary>
    public double AccuracyBeyondSpreadLow95 { get; init; }

    /// <summary>Upper end of the 95 % Wilson interval of <see cref="AccuracyBeyondSpread"/>.</summary>
    public double AccuracyBeyondSpreadHigh95 { get; init; }

    /// <summary>Sum of the sign strategy's log returns after the fee and half the estimated spread per unit of position change.</summary>
    public double TotalLogReturnNetOfSpread { get; init; }
}

/// <summary>One model's results.</summary>
public sealed record ModelEvaluation
{
    /// <summary>Model name.</summary>
    public required string Name { get; init; }

    /// <summary>Metrics per horizon.</summary>
    public required IReadOnlyList<HorizonMetrics> Horizons { get; init; }

    /// <summary>Training time summed over folds.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Mean wall time of one <see cref="IForecaster.Forecast"/> call.</summary>
    public double MicrosecondsPerForecast { get; init; }
}

/// <summary>A walk-forward evaluation: models side by side, per horizon. Renders as JSON or Markdown.</summary>
public sealed record EvaluationReport
{
    /// <summary>Data set name, e.g. the symbol.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Time of the first sample.</summary>
    public DateTime From { get; init; }

    /// <summary>Time of the last sample.</summary>
    public DateTime To { get; init; }

    /// <summary>Samples in the data set.</summary>
    public int Samples { get; init; }

    /// <summary>Features per row.</summary>
    public int FeatureCount { get; init; }

    /// <summary>Rows per window.</summary>
    public int WindowLength { get; init; }

    /// <summary>Horizons in bars.</summary>
    public IReadOnlyList<int> Horizons { get; init; } = [];

    /// <summary>The settings used.</summary>
    public WalkForwardOptions Options { get; init; } = new();

    /// <summary>The folds.</summary>
    public IReadOnlyList<WalkForwardFold> Folds { get; init; } = [];

    /// <summary>Results per model, in candidate order.</summary>
    public IReadOnlyList<ModelEvaluation> Models { get; init; } = [];

    /// <summary>
    /// Warnings that direction accuracy here is mostly bid-ask bounce: one per horizon where the naive
    /// <c>reversal</c> baseline scores above 55 % with p &lt; 0.01. Models' accuracy beyond the spread is then the figure to read.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> BounceWarnings => [.. Models.Where(m => m.Name == "reversal").SelectMany(m => m.Horizons)
        .Where(h => h.DirectionalAccuracy > 0.55 && h.PValue < 0.01)
        .Select(h => string.Create(CultureInfo.InvariantCulture,
            $"Bounce: reversing the last move scores {100 * h.DirectionalAccuracy:0.0}% at {h.Horizon} bar{(h.Horizon == 1 ? "" : "s")}; the close bounces between bid and ask, so direction accuracy there is mostly not tradeable — read the accuracy beyond the spread and the result net of spread."))];

    /// <summary>The report as indented JSON (NaN where a metric is undefined).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJsonContext.Default.EvaluationReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static EvaluationReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, EvaluationJsonContext.Default.EvaluationReport) ?? throw new ArgumentException("Report JSON is empty.", nameof(json));

    /// <summary>A new report with the models of <paramref name="other"/> appended (same data and folds), e.g. deep models beside baselines.</summary>
    public EvaluationReport Merge(EvaluationReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Samples != Samples || !other.Horizons.SequenceEqual(Horizons) || other.Folds.Count != Folds.Count)
        {
            throw new ArgumentException("Only reports over the same samples, horizons and folds can be merged.", nameof(other));
        }

        return this with { Models = [.. Models, .. other.Models] };
    }

    /// <summary>The report as Markdown: one table per horizon, models as rows; returns in basis points.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        string foldText = Folds.Count == 0 ? "" : string.Create(c,
            $", {Folds.Count} folds, test {Folds[0].TestFrom:yyyy-MM-dd HH:mm} – {Folds[^1].TestTo:yyyy-MM-dd HH:mm} UTC ({Folds.Sum(f => f.TestCount)} test samples)");
        text.Append(c, $"**{(Title.Length == 0 ? "data" : Title)}**: {Samples} samples {From:yyyy-MM-dd HH:mm} – {To:yyyy-MM-dd HH:mm} UTC, window {WindowLength} × {FeatureCount} features{foldText}; fee {Options.FeeBps} bp per unit of turnover.\n\n");
        foreach (int h in Horizons)
        {
            text.Append(c, $"Horizon {h} bar{(h == 1 ? "" : "s")}:\n\n");
            text.Append("| model | dir. acc. [95% CI] | n | p vs 50% | MAE bp | RMSE bp | R² | Brier | log loss | 90% cover | width bp | Sharpe gross | Sharpe net | max DD | turnover | spread bp | acc. > spread [95% CI] | n > spread | net of spread bp |\n");
            text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var model in Models)
            {
                var m = model.Horizons.First(x => x.Horizon == h);
                text.Append(c, $"| {model.Name} | {Pct(m.DirectionalAccuracy)} [{Pct(m.AccuracyLow95)}, {Pct(m.AccuracyHigh95)}] | {m.DirectionalSamples} | {P(m.PValue)} | {Bp(m.Mae)} | {Bp(m.Rmse)} | {F(m.RSquared, "0.0000")} | {F(m.Brier, "0.0000")} | {F(m.LogLoss, "0.0000")} | {Pct(m.Coverage90)} | {Bp(m.MeanWidth90)} | {F(m.SharpeGross, "0.00")} | {F(m.SharpeNet, "0.00")} | {Pct(m.MaxDrawdownNet)} | {F(m.Turnover, "0.00")} | {Bp(m.EffectiveSpread)} | {Pct(m.AccuracyBeyondSpread)} [{Pct(m.AccuracyBeyondSpreadLow95)}, {Pct(m.AccuracyBeyondSpreadHigh95)}] | {m.BeyondSpreadSamples} | {Bp(m.TotalLogReturnNetOfSpread)} |\n");
            }

            text.Append('\n');
        }

        foreach (string warning in BounceWarnings)
        {
            text.Append("> ").Append(warning).Append("\n\n");
        }

        return text.ToString();

        static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
        static string Pct(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        static string Bp(double v) => double.IsNaN(v) ? "–" : (1e4 * v).ToString("0.00", CultureInfo.InvariantCulture);
        static string P(double v) => double.IsNaN(v) ? "–" : v < 1e-4 ? "<0.0001" : v.ToString("0.0000", CultureInfo.InvariantCulture);
    }
}
