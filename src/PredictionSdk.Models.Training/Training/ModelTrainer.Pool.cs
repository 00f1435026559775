using System.Globalization;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Training;

// Pooled training: one model fit on several symbols, each scaled by its own training window.
public sealed partial class ModelTrainer
{
    /// <summary>Per-symbol holdout reports of the last <see cref="EvaluateAsync"/> on pooled data, in pool order; empty otherwise.</summary>
    public IReadOnlyList<EvaluationReport> PoolReports { get; private set; } = [];

    /// <summary>
    /// Prepares pooled data: every symbol is validated, split (train | validation | holdout, with purge gaps) and
    /// scaled exactly as <see cref="PrepareData(IReadOnlyList{Candle}, string?)"/> would prepare it alone — its scaler fit on its own training window
    /// only — and the parts are joined so that no window and no target crosses from one symbol to another.
    /// <see cref="TrainerOptions.Symbol"/> is ignored; the bundle records the pool (<see cref="BundleManifest.Pool"/>)
    /// and serves each of its symbols with that symbol's scaler.
    /// </summary>
    /// <param name="pool">Two or more symbols with their candles (oldest first); every one gets the same feature spec.</param>
    /// <exception cref="ArgumentException">Fewer than two symbols, a symbol listed twice, or members with different feature specs.</exception>
    /// <exception cref="InsufficientDataException">A symbol has too few candles (the message names it).</exception>
    /// <exception cref="CandleValidationException">Under <see cref="PredictionSdk.Validation.ValidationPolicy.Reject"/>, a candle breaks a rule (names the source, row and field).</exception>
    public void PreparePool(IReadOnlyList<SymbolSeries> pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _data = TrainingData.CreatePool(pool, _options);
        ResetModel();
    }

    // Evaluates the pooled model on each symbol's own holdout, beside baselines fit on that symbol's training window.
    // Each symbol gets its own non-owning view of the network, which the evaluator disposes after the fold.
    private async Task<EvaluationReport> EvaluatePoolAsync(IReadOnlyList<ForecasterCandidate>? baselines, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<EvaluationReport>();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var json = new JsonObject();
        foreach (var (symbol, part) in Data.Pool)
        {
            var forecaster = CreateForecaster();
            var trained = new ForecasterCandidate($"{forecaster.Name} (pooled)", (train, _) =>
            {
                if (train.Count != part.RawTraining.Count || !Equals(train.Scaler, part.Scaler))
                {
                    throw new InvalidOperationException($"The evaluation fold of {symbol} does not match its training window in the pool.");
                }

                return ValueTask.FromResult<IForecaster>(forecaster);
            });
            List<ForecasterCandidate> candidates = [trained, .. baselines ?? BaselineCandidates.AllWithLightGbm()];
            string title = string.Create(CultureInfo.InvariantCulture, $"{symbol} {_options.Interval} holdout (pooled on {string.Join(", ", Data.Pool.Select(p => p.Symbol))})");
            var report = part.Candles is { } candles
                ? await WalkForwardEvaluator.RunAsync(part.Raw, candles, candidates, part.EvaluationOptions, title, progress, cancellationToken).ConfigureAwait(false)
                : await WalkForwardEvaluator.RunAsync(part.Raw, candidates, part.EvaluationOptions, title, progress, cancellationToken).ConfigureAwait(false);
            reports.Add(report);
            json[symbol.Value] = JsonNode.Parse(report.ToJson());
            foreach (var (key, value) in Headline(report.Models[0]))
            {
                metrics[reports.Count == 1 ? key : $"{symbol.Value}.{key}"] = value;
            }
        }

        _evaluationJson = new JsonObject { ["pool"] = json };
        _metrics = metrics;
        PoolReports = reports;
        return reports[0];
    }

    // What a pooled or fine-tuned bundle records beyond a single-symbol one: its pool with a scaler per symbol, its parent.
    private BundleManifest DescribeOrigin(BundleManifest manifest)
    {
        var data = Data;
        if (data.Pool.Count > 0)
        {
            manifest = manifest with
            {
                Symbol = data.Pool[0].Symbol.Value,
                Pool = [.. data.Pool.Select(p => new PoolMember(p.Symbol.Value, JsonNode.Parse(p.Data.Scaler.ToJson())!.AsObject(), p.Data.Fit.Count))],
            };
        }

        return _parent is null ? manifest : manifest with
        {
            // The network keeps its parent's output scale: its quantile head was trained in those units.
            TargetScale = _parent.Manifest.TargetScale,
            FineTunedFrom = new BundleLineage(_parent.Version, [.. _parent.Symbols.Select(s => s.Value)], _parent.Manifest.CreatedUtc, _parent.Manifest.Training),
        };
    }
}
