using System.Globalization;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Evaluation;

namespace PredictionSdk.Models.Training;

public sealed partial class ModelTrainer
{
    /// <summary>
    /// Evaluates the trained model out of sample on the holdout (the samples after the training window and its
    /// purge gap), beside baselines trained on the same training window, with the walk-forward evaluator's
    /// metrics. The network is not retrained; the baselines are fit on exactly the rows the network saw.
    /// The report is kept and saved in the bundle (<c>evaluation.json</c>, headline metrics in the manifest).
    /// For pooled data (<see cref="PreparePool"/>) every symbol is evaluated on its own holdout; see <see cref="PoolReports"/>.
    /// </summary>
    /// <param name="baselines">Models to compare against; null for every baseline including LightGBM
    /// (<see cref="LightGbmBaselineCandidates.AllWithLightGbm"/>).</param>
    /// <param name="progress">Receives one line per evaluated model.</param>
    /// <param name="cancellationToken">Stops between models.</param>
    public async Task<EvaluationReport> EvaluateAsync(IReadOnlyList<ForecasterCandidate>? baselines = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var data = Data;
        if (data.Pool.Count > 0)
        {
            return await EvaluatePoolAsync(baselines, progress, cancellationToken).ConfigureAwait(false);
        }

        var forecaster = CreateForecaster();
        var trained = new ForecasterCandidate(forecaster.Name, (train, _) =>
        {
            // The evaluator must hand over the very window the network was trained on, scaled the same way.
            if (train.Count != data.RawTraining.Count || train.Timestamp(train.Count - 1) != data.RawTraining.Timestamp(data.RawTraining.Count - 1)
                || !Equals(train.Scaler, data.Scaler))
            {
                throw new InvalidOperationException("The evaluation fold does not match the training window of the trained model.");
            }

            return ValueTask.FromResult<IForecaster>(forecaster);
        });

        var candidates = new List<ForecasterCandidate> { trained };
        candidates.AddRange(baselines ?? BaselineCandidates.AllWithLightGbm());
        string title = string.Create(CultureInfo.InvariantCulture, $"{_options.Symbol} {_options.Interval} holdout");
        var report = data.Candles is { } candles
            ? await WalkForwardEvaluator.RunAsync(data.Raw, candles, candidates, data.EvaluationOptions, title, progress, cancellationToken).ConfigureAwait(false)
            : await WalkForwardEvaluator.RunAsync(data.Raw, candidates, data.EvaluationOptions, title, progress, cancellationToken).ConfigureAwait(false);
        _evaluationJson = JsonNode.Parse(report.ToJson())!.AsObject();
        _metrics = Headline(report.Models[0]);
        return report;
    }

    private static Dictionary<string, double> Headline(ModelEvaluation model)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var h in model.Horizons)
        {
            string p = string.Create(CultureInfo.InvariantCulture, $"h{h.Horizon}.");
            metrics[p + "directionalAccuracy"] = h.DirectionalAccuracy;
            metrics[p + "pValue"] = h.PValue;
            metrics[p + "mae"] = h.Mae;
            metrics[p + "rmse"] = h.Rmse;
            metrics[p + "rSquared"] = h.RSquared;
            metrics[p + "brier"] = h.Brier;
            metrics[p + "logLoss"] = h.LogLoss;
            metrics[p + "coverage90"] = h.Coverage90;
            metrics[p + "sharpeNet"] = h.SharpeNet;
        }

        return metrics;
    }
}
