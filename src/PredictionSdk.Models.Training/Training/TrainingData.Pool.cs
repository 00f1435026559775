using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Training;

// Pooled data: several symbols, each split and scaled on its own, joined so that no window or target crosses symbols.
public sealed partial class TrainingData
{
    /// <summary>
    /// The symbols of pooled data (<see cref="ModelTrainer.PreparePool"/>), each with its own split and its own
    /// scaler fit on its own training window; empty for one symbol's data. <see cref="Fit"/>, <see cref="Validation"/>
    /// and <see cref="Holdout"/> then join the members' parts, and <see cref="Scaler"/> is the first member's.
    /// </summary>
    public IReadOnlyList<PoolPart> Pool { get; private init; } = [];

    // The validated candles the samples were built from (one per feature row), for the evaluator's spread columns.
    internal IReadOnlyList<Candle>? Candles { get; private init; }

    internal static TrainingData CreatePool(IReadOnlyList<SymbolSeries> pool, TrainerOptions options)
    {
        if (pool.Count < 2)
        {
            throw new ArgumentException($"A pool needs at least two symbols; got {pool.Count}.", nameof(pool));
        }

        var parts = new List<PoolPart>(pool.Count);
        foreach (var series in pool)
        {
            ArgumentNullException.ThrowIfNull(series);
            if (parts.Any(p => p.Symbol == series.Symbol))
            {
                throw new ArgumentException($"The pool lists {series.Symbol} twice.", nameof(pool));
            }

            // Each symbol is validated, split and scaled exactly as if it were trained alone: its scaler sees its own
            // training window and nothing else (no other symbol, no holdout).
            var data = Create(series.Candles, options.ForSymbol(series.Symbol), series.Source ?? series.Symbol.Value);
            if (parts.Count > 0 && !data.Spec.Equals(parts[0].Data.Spec))
            {
                throw new ArgumentException(
                    $"{series.Symbol} gets another feature spec than {parts[0].Symbol} (different asset classes?); set TrainerOptions.Features so every pool member shares one.", nameof(pool));
            }

            parts.Add(new PoolPart(series.Symbol, data));
        }

        var spec = parts[0].Data.Spec;
        SupervisedDataset[] rawFit = [.. parts.Select(p => p.Data.Raw.Slice(0, p.Data.Fit.Count))];
        SupervisedDataset[] rawValidation = [.. parts.Select(p => RawOf(p.Data, p.Data.Validation))];
        SupervisedDataset[] rawHoldout = [.. parts.Select(p => p.Data.RawHoldout)];
        int fitCount = rawFit.Sum(d => d.Count), validationCount = rawValidation.Sum(d => d.Count);
        var raw = Join([.. rawFit, .. rawValidation, .. rawHoldout], spec);
        var scaled = Join([.. parts.Select(p => p.Data.Fit), .. parts.Select(p => p.Data.Validation), .. parts.Select(p => p.Data.Holdout)], spec);
        return new TrainingData(
            spec, raw, scaled, parts[0].Data.Scaler, fitCount, fitCount, fitCount + validationCount, fitCount + validationCount,
            TargetScales(raw, fitCount), parts.Min(p => p.Data.FirstBar), new WalkForwardOptions())
        {
            Pool = parts,
        };
    }

    // The unscaled samples matching a scaled part (same rows of the same candles).
    private static SupervisedDataset RawOf(TrainingData data, SupervisedDataset part)
    {
        if (part.Count == 0)
        {
            return data.Raw.Slice(0, 0);
        }

        int start = 0;
        while (data.Raw.EndRow(start) != part.EndRow(0))
        {
            start++;
        }

        return data.Raw.Slice(start, part.Count);
    }

    // Copies each part's rows (first window row to last target row) into one matrix, a never-ready row with an
    // impossible time between parts: no window can span the separator and no target can reach across it.
    private static SupervisedDataset Join(IReadOnlyList<SupervisedDataset> parts, FeatureSpec spec)
    {
        var used = parts.Where(p => p.Count > 0).ToArray();
        int columns = used[0].FeatureCount, window = spec.WindowLength, reach = spec.MaxHorizon;
        var ranges = used.Select(p => (Part: p, First: p.EndRow(0) - window + 1, Last: Math.Min(p.EndRow(p.Count - 1) + reach, p.Matrix.Rows - 1))).ToArray();
        int rows = ranges.Sum(r => r.Last - r.First + 1) + ranges.Length - 1;
        var values = new float[rows * columns];
        var timestamps = new DateTime[rows];
        var closes = new double[rows];
        var ready = new bool[rows];
        int at = 0;
        foreach (var (part, first, last) in ranges)
        {
            if (at > 0)
            {
                timestamps[at] = DateTime.MinValue;
                closes[at] = 1;
                at++;
            }

            int count = last - first + 1;
            var matrix = part.Matrix;
            matrix.Values.AsSpan(first * columns, count * columns).CopyTo(values.AsSpan(at * columns));
            Array.Copy(matrix.Timestamps, first, timestamps, at, count);
            Array.Copy(matrix.Closes, first, closes, at, count);
            Array.Copy(matrix.Ready, first, ready, at, count);
            at += count;
        }

        var joined = SupervisedDataset.FromMatrix(used[0].Matrix with { Values = values, Timestamps = timestamps, Closes = closes, Ready = ready }, spec);
        int expected = used.Sum(p => p.Count);
        return joined.Count == expected
            ? joined
            : throw new InvalidOperationException($"Joining the pool's parts gave {joined.Count} samples instead of {expected}.");
    }
}
