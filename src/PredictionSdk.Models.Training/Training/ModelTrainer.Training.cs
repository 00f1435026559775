using System.Diagnostics;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

public sealed partial class ModelTrainer
{
    private const int EvaluationBatch = 1024;

    // libtorch's default generator (weight initialisation, dropout) is process-wide: two trainings at once would
    // draw from it in an interleaved order and neither would be reproducible. Trainings in one process take turns.
    private static readonly Lock TrainingGate = new();

    /// <summary>
    /// Trains the configured model (Hybrid with default options if none was configured) with AdamW, shuffled
    /// mini-batches and gradient clipping. With <see cref="TrainingOptions.EarlyStopping"/>, training stops after
    /// <see cref="TrainingOptions.Patience"/> epochs without a lower validation loss; the model keeps the weights of
    /// the best epoch either way. A fixed <see cref="ModelOptions.Seed"/> reproduces the run (same thread count).
    /// libtorch's random generator is process-wide, so trainings in one process run one at a time. The work runs on
    /// a dedicated thread, so awaiting it never blocks the caller's.
    /// </summary>
    /// <param name="training">Epochs, batch size and early stopping; null for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <param name="progress">Receives a report after each batch and each epoch.</param>
    /// <param name="cancellationToken">Cancels between batches; the trainer then holds no trained model.</param>
    /// <returns>The loss history.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public Task<TrainingHistory> TrainAsync(TrainingOptions? training = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        StartTraining(training ?? new TrainingOptions(), parent: null, progress, cancellationToken);

    // From scratch (parent null) or continuing from a parent bundle's weights (fine-tuning).
    private Task<TrainingHistory> StartTraining(TrainingOptions training, ModelBundle? parent, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        // Only a fine-tune may run zero epochs (it keeps the parent's weights); FineTuneOptions checked the rest.
        if (parent is null || training.Epochs != 0)
        {
            training.Validate();
        }

        int epochs = training.Epochs, batchSize = training.BatchSize, patience = training.Patience;
        bool earlyStopping = training.EarlyStopping;
        var data = Data;
        _modelOptions ??= new HybridModelOptions();
        ResetModel();
        _parent = parent;
        var options = _modelOptions;
        return Task.Factory.StartNew(
            () =>
            {
                try
                {
                    var (network, history) = Train(data, options, parent, epochs, batchSize, earlyStopping ? patience : null, progress, cancellationToken);
                    _network = network;
                    _history = history;
                    return history;
                }
                catch (OperationCanceledException)
                {
                    ResetModel();
                    throw;
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private (ForecastNetwork Network, TrainingHistory History) Train(
        TrainingData data, ModelOptions options, ModelBundle? parent, int epochs, int batchSize, int? patience, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        lock (TrainingGate)
        {
            TorchThreads.Configure(_options.TorchThreads);
            random.manual_seed(options.Seed);
            var network = parent is null
                ? new ForecastNetwork(options, data.Spec.WindowLength, data.FeatureCount, data.TargetScale)
                : NetworkFromParent(parent, options);
            try
            {
                var history = Fit(network, data, options, epochs, batchSize, patience, keepStart: parent is not null, progress, ct);
                return (network, history);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
    }

    private TrainingHistory Fit(
        ForecastNetwork network, TrainingData data, ModelOptions options, int epochs, int batchSize, int? patience, bool keepStart, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var fit = data.Fit;
        int window = data.Spec.WindowLength, features = data.FeatureCount, horizons = data.Spec.Horizons.Count;
        int batches = (fit.Count + batchSize - 1) / batchSize;
        var order = Enumerable.Range(0, fit.Count).ToArray();
        var shuffle = new Random(options.Seed);
        var inputs = new float[batchSize * window * features];
        var targets = new float[batchSize * horizons];
        using var scale = tensor(data.TargetScale.ToArray());
        using var optimizer = new AdamWOptimizer(network.parameters(), options.LearningRate, options.WeightDecay);
        var results = new List<EpochResult>();
        // The starting weights' validation loss; a fine-tune (keepStart) keeps its parent's weights unless an epoch beats them.
        double initialLoss = ValidationLoss(network, data.Validation, scale, options.DirectionLossWeight, ct);
        Dictionary<string, Tensor>? best = keepStart ? Snapshot(network) : null;
        double bestLoss = keepStart ? initialLoss : double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0;
        long samplesSeen = 0;
        var clock = Stopwatch.StartNew();
        bool stoppedEarly = false;
        try
        {
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                shuffle.Shuffle(order);
                network.train();
                double lossSum = 0;
                for (int b = 0; b < batches; b++)
                {
                    ct.ThrowIfCancellationRequested();
                    int start = b * batchSize, count = Math.Min(batchSize, fit.Count - start);
                    for (int i = 0; i < count; i++)
                    {
                        int sample = order[start + i];
                        fit.Window(sample).CopyTo(inputs.AsSpan(i * window * features));
                        for (int h = 0; h < horizons; h++)
                        {
                            targets[(i * horizons) + h] = fit.Target(sample, h);
                        }
                    }

                    using (var scope = NewDisposeScope())
                    {
                        var x = tensor(inputs.AsSpan(0, count * window * features).ToArray(), [count, window, features]);
                        var y = tensor(targets.AsSpan(0, count * horizons).ToArray(), [count, horizons]);
                        optimizer.ZeroGrad();
                        var loss = ForecastLoss.Compute(network.call(x), y, scale, options.DirectionLossWeight);
                        loss.backward();
                        nn.utils.clip_grad_norm_(network.parameters(), 1.0);
                        optimizer.Step();
                        lossSum += loss.item<float>();
                    }

                    samplesSeen += count;
                    progress?.Report(Report(epoch, epochs, b + 1, batches, lossSum / (b + 1), null, results.Count == 0 ? null : bestLoss, samplesSeen, clock.Elapsed));
                }

                double validation = ValidationLoss(network, data.Validation, scale, options.DirectionLossWeight, ct);
                double trainLoss = lossSum / batches;
                results.Add(new EpochResult(epoch, trainLoss, validation, epochClock.Elapsed));
                if (validation < bestLoss)
                {
                    bestLoss = validation;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    Release(best);
                    best = Snapshot(network);
                }
                else
                {
                    sinceBest++;
                }

                progress?.Report(Report(epoch, epochs, batches, batches, trainLoss, validation, bestLoss, samplesSeen, clock.Elapsed));
                if (patience is { } limit && sinceBest >= limit && epoch < epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }

            if (best is not null)
            {
                using (no_grad())
                {
                    network.load_state_dict(best);
                }
            }
        }
        finally
        {
            Release(best);
        }

        network.eval();
        double throughput = samplesSeen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return new TrainingHistory(results, bestEpoch, stoppedEarly, throughput) { InitialValidationLoss = initialLoss };
    }

    private static TrainingProgress Report(int epoch, int epochs, int batch, int batches, double trainLoss, double? validation, double? best, long samples, TimeSpan elapsed)
    {
        double done = ((epoch - 1) * (double)batches) + batch;
        double total = epochs * (double)batches;
        var remaining = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (total - done) / done) : TimeSpan.Zero;
        double rate = samples / Math.Max(elapsed.TotalSeconds, 1e-9);
        return new TrainingProgress(epoch, epochs, batch, batches, trainLoss, validation, best, rate, elapsed, remaining);
    }

    private static double ValidationLoss(ForecastNetwork network, SupervisedDataset validation, Tensor scale, double directionWeight, CancellationToken ct)
    {
        network.eval();
        int window = validation.WindowLength, features = validation.FeatureCount, horizons = validation.Horizons.Count;
        double sum = 0;
        using var _ = no_grad();
        for (int start = 0; start < validation.Count; start += EvaluationBatch)
        {
            ct.ThrowIfCancellationRequested();
            int count = Math.Min(EvaluationBatch, validation.Count - start);
            var inputs = new float[count * window * features];
            var targets = new float[count * horizons];
            validation.CopyWindows(start, count, inputs);
            validation.CopyTargets(start, count, targets);
            using var scope = NewDisposeScope();
            var x = tensor(inputs, [count, window, features]);
            var y = tensor(targets, [count, horizons]);
            sum += ForecastLoss.Compute(network.call(x), y, scale, directionWeight).item<float>() * count;
        }

        return sum / validation.Count;
    }

    private static Dictionary<string, Tensor> Snapshot(ForecastNetwork network)
    {
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, value) in network.state_dict())
        {
            copy[name] = value.detach().clone();
        }

        return copy;
    }

    private static void Release(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null)
        {
            return;
        }

        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }

        tensors.Clear();
    }

    /// <summary>Validation loss of the current weights (for tests and diagnostics).</summary>
    internal double CurrentValidationLoss()
    {
        var network = _network ?? throw new InvalidOperationException("Train the model first (TrainAsync).");
        using var scale = tensor(Data.TargetScale.ToArray());
        return ValidationLoss(network, Data.Validation, scale, _modelOptions!.DirectionLossWeight, CancellationToken.None);
    }
}
