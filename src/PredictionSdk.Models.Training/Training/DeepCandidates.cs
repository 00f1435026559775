using System.Globalization;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Training;

/// <summary>
/// Deep models as walk-forward candidates: a fresh network is trained on every fold's training window (fit and
/// validation parts split in time with a purge gap, early stopping on the validation part), exactly as the
/// baselines are refit per fold, so deep models and baselines are compared on the same out-of-sample folds.
/// </summary>
/// <example>
/// <code>
/// var report = await WalkForwardEvaluator.RunAsync(data,
///     [DeepCandidates.Retrained(new HybridModelOptions()), .. BaselineCandidates.AllWithLightGbm()],
///     new WalkForwardOptions { Folds = 4 });
/// </code>
/// </example>
public static class DeepCandidates
{
    /// <summary>A candidate that trains <paramref name="model"/> from scratch on each fold.</summary>
    /// <param name="model">Network and its settings (the seed is reused on every fold).</param>
    /// <param name="epochs">Most epochs per fold.</param>
    /// <param name="batchSize">Samples per gradient step.</param>
    /// <param name="validationSplit">Share of each fold's training window used for early stopping.</param>
    /// <param name="progress">Receives one line per trained fold (epochs run, best epoch, validation loss).</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static ForecasterCandidate Retrained(ModelOptions model, int epochs = 5, int batchSize = 256, double validationSplit = 0.2, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(validationSplit > 0 && validationSplit < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "The validation split must be in (0, 0.5).");
        }

        string name = model.ModelType.ToString().ToLowerInvariant();
        return new ForecasterCandidate(name, async (window, ct) =>
        {
            var trainer = new ModelTrainer(new TrainerOptions
            {
                Symbol = Symbol.Parse("FOLD"), // names bundles only; a fold model is never saved
                Interval = window.Spec.Interval,
                Horizons = window.Horizons,
                Features = window.Spec,
                ValidationSplit = validationSplit,
            });
            try
            {
                trainer.UseWindow(TrainingData.ForWindow(window, validationSplit));
                trainer.ConfigureModel(model);
                var history = await trainer.TrainAsync(new TrainingOptions { Epochs = epochs, BatchSize = batchSize }, progress: null, ct).ConfigureAwait(false);
                progress?.Report(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {history.Epochs.Count} epochs on {window.Count} samples up to {window.Timestamp(window.Count - 1):u}, best epoch {history.BestEpoch} (validation loss {history.BestValidationLoss:F4})"));
                return new FoldForecaster(trainer);
            }
            catch
            {
                trainer.Dispose();
                throw;
            }
        });
    }

    // The evaluator disposes each fold's forecaster; this one takes its trainer (and network) with it.
    private sealed class FoldForecaster(ModelTrainer trainer) : IForecaster, IDisposable
    {
        private readonly TorchForecaster _inner = trainer.CreateForecaster();

        public string Name => _inner.Name;

        public int WindowLength => _inner.WindowLength;

        public IReadOnlyList<int> Horizons => _inner.Horizons;

        public void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output) => _inner.Forecast(window, output);

        public void Dispose()
        {
            _inner.Dispose();
            trainer.Dispose();
        }
    }
}
