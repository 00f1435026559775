namespace PredictionSdk.Models;

public sealed partial class StockCryptoPredictor
{
    private static long s_nextId;

    // Orders the locks a batch takes, so that two batches over the same predictors cannot deadlock.
    private readonly long _id = Interlocked.Increment(ref s_nextId);

    /// <summary>
    /// Predicts every horizon for many predictors at once, as <see cref="PredictAll(ICollection{Prediction})"/> on
    /// each would, but with one batched ONNX call for all predictors serving the same shared model
    /// (<see cref="UseSharedModel"/>) at the same <see cref="IntervalLevel"/>: at a minute boundary, when every
    /// symbol's bar closes at once, this replaces one session call per symbol by a few. Each predictor's predictions are
    /// bit for bit the ones it would make alone (<see cref="Onnx.OnnxForecaster"/> computes a window the same way in any
    /// batch). Predictors with their own model predict one at a time.
    /// </summary>
    /// <param name="predictors">The predictors; each appears once.</param>
    /// <param name="outputs">Per predictor, where its predictions are appended (same order as <paramref name="predictors"/>).</param>
    /// <returns>
    /// Per predictor, null, or the exception <see cref="PredictAll(ICollection{Prediction})"/> would have thrown for it
    /// (for example <see cref="InsufficientDataException"/>); one predictor's failure never fails the others.
    /// </returns>
    /// <exception cref="ArgumentException">The lists differ in length, or a predictor appears twice.</exception>
    public static IReadOnlyList<Exception?> PredictAll(IReadOnlyList<StockCryptoPredictor> predictors, IReadOnlyList<ICollection<Prediction>> outputs)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        ArgumentNullException.ThrowIfNull(outputs);
        if (predictors.Count != outputs.Count)
        {
            throw new ArgumentException($"{predictors.Count} predictors but {outputs.Count} outputs; give one output per predictor.", nameof(outputs));
        }

        var errors = new Exception?[predictors.Count];
        var order = Enumerable.Range(0, predictors.Count).OrderBy(i => predictors[i]._id).ToArray();
        for (int n = 1; n < order.Length; n++)
        {
            if (ReferenceEquals(predictors[order[n]], predictors[order[n - 1]]))
            {
                throw new ArgumentException($"The predictor for {predictors[order[n]].Symbol} appears twice; a batch predicts each predictor once.", nameof(predictors));
            }
        }

        int entered = 0;
        try
        {
            // Every lock in one order, held for the whole batch: no bar is observed between a window's copy and its prediction.
            for (; entered < order.Length; entered++)
            {
                predictors[order[entered]]._gate.Enter();
            }

            var groups = new Dictionary<(LoadedModel Model, double Level), List<int>>();
            for (int i = 0; i < predictors.Count; i++)
            {
                var p = predictors[i];
                if (p._disposed || p._state is null || !p._sharedMembers)
                {
                    // Not batchable (or not predictable): the single path gives the same result or the same exception.
                    errors[i] = Single(p, outputs[i]);
                    continue;
                }

                var key = (p._members[0].Model, p.IntervalLevel);
                if (!groups.TryGetValue(key, out var members))
                {
                    groups.Add(key, members = []);
                }

                members.Add(i);
            }

            foreach (var ((model, level), indexes) in groups)
            {
                var group = new Exception?[indexes.Count];
                SymbolState.PredictAllBatched(
                    indexes.Select(i => predictors[i]._state!).ToArray(),
                    indexes.Select(i => predictors[i].Symbol).ToArray(),
                    predictors[indexes[0]]._members,
                    level,
                    indexes.Select(i => outputs[i]).ToArray(),
                    group);
                for (int j = 0; j < indexes.Count; j++)
                {
                    errors[indexes[j]] = group[j];
                }
            }
        }
        finally
        {
            while (entered > 0)
            {
                predictors[order[--entered]]._gate.Exit();
            }
        }

        return errors;
    }

    private static Exception? Single(StockCryptoPredictor predictor, ICollection<Prediction> output)
    {
        try
        {
            predictor.PredictAll(output);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }
}
