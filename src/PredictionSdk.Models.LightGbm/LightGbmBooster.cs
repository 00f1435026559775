using System.Globalization;
using System.Text;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// A trained LightGBM model (gradient-boosted trees) driven through the native C API.
/// Training is deterministic for fixed options and thread count. Prediction is thread-safe.
/// </summary>
internal sealed class LightGbmBooster : IDisposable
{
    private readonly LightGbmNative.BoosterHandle _handle;
    private readonly Lock _rowLock = new();
    private LightGbmNative.FastConfigHandle? _rowConfig;

    private LightGbmBooster(LightGbmNative.BoosterHandle handle, int featureCount)
    {
        _handle = handle;
        FeatureCount = featureCount;
    }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>
    /// Trains on <paramref name="rows"/> × <paramref name="featureCount"/> row-major features and one label per row.
    /// </summary>
    /// <param name="features">Row-major training features.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="labels">One label per row (0/1 for <c>binary</c>).</param>
    /// <param name="objective">LightGBM objective, e.g. <c>regression</c> or <c>binary</c>.</param>
    /// <param name="options">Training settings.</param>
    /// <param name="cancellationToken">Checked between boosting rounds.</param>
    public static LightGbmBooster Train(ReadOnlySpan<float> features, int rows, int featureCount, ReadOnlySpan<float> labels, string objective, LightGbmOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        if (features.Length != (long)rows * featureCount || labels.Length != rows)
        {
            throw new ArgumentException($"Expected {rows} × {featureCount} features and {rows} labels; got {features.Length} and {labels.Length}.");
        }

        string parameters = options.ToParameters(objective);
        LightGbmNative.Check(LightGbmNative.LGBM_DatasetCreateFromMat(features, LightGbmNative.Float32, rows, featureCount, 1, parameters, IntPtr.Zero, out var dataset), "DatasetCreateFromMat");
        using (dataset)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetSetField(dataset, "label", labels, rows, LightGbmNative.Float32), "DatasetSetField");
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreate(dataset, parameters, out var booster), "BoosterCreate");
            try
            {
                for (int i = 0; i < options.Iterations; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    LightGbmNative.Check(LightGbmNative.LGBM_BoosterUpdateOneIter(booster, out int finished), "BoosterUpdateOneIter");
                    if (finished != 0)
                    {
                        break;
                    }
                }
            }
            catch
            {
                booster.Dispose();
                throw;
            }

            return new LightGbmBooster(booster, featureCount);
        }
    }

    /// <summary>Loads a model written by <see cref="SaveToString"/>.</summary>
    public static LightGbmBooster LoadFromString(string model, int featureCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        byte[] bytes = Encoding.UTF8.GetBytes(model + "\0");
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterLoadModelFromString(bytes, out _, out var booster), "BoosterLoadModelFromString");
        return new LightGbmBooster(booster, featureCount);
    }

    /// <summary>The model in LightGBM's text format.</summary>
    public string SaveToString()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModelToString(_handle, 0, -1, 0, 0, out long length, []), "BoosterSaveModelToString");
        var buffer = new byte[length];
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModelToString(_handle, 0, -1, 0, buffer.Length, out length, buffer), "BoosterSaveModelToString");
        int end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? (int)length : end);
    }

    /// <summary>Predicts one value per row (for <c>binary</c>, the probability of label 1).</summary>
    public void Predict(ReadOnlySpan<float> features, Span<double> output)
    {
        int rows = features.Length / FeatureCount;
        if (rows * FeatureCount != features.Length || output.Length < rows)
        {
            throw new ArgumentException($"Expected whole rows of {FeatureCount} features and room for {rows} outputs.");
        }

        LightGbmNative.Check(LightGbmNative.LGBM_BoosterPredictForMat(_handle, features, LightGbmNative.Float32, rows, FeatureCount, 1,
            LightGbmNative.PredictNormal, 0, -1, "num_threads=1", out _, output), "BoosterPredictForMat");
    }

    /// <summary>Predicts one row through a configuration prepared once (no parameter parsing, one native thread per call).</summary>
    public double Predict(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features; got {row.Length}.", nameof(row));
        }

        Span<double> result = stackalloc double[1];
        lock (_rowLock)
        {
            if (_rowConfig is null)
            {
                LightGbmNative.Check(LightGbmNative.LGBM_BoosterPredictForMatSingleRowFastInit(_handle, LightGbmNative.PredictNormal, 0, -1, LightGbmNative.Float32, FeatureCount,
                    "num_threads=1", out var config), "BoosterPredictForMatSingleRowFastInit");
                _rowConfig = config;
            }

            LightGbmNative.Check(LightGbmNative.LGBM_BoosterPredictForMatSingleRowFast(_rowConfig, row, out _, result), "BoosterPredictForMatSingleRowFast");
        }

        return result[0];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rowConfig?.Dispose();
        _handle.Dispose();
    }
}

/// <summary>LightGBM training settings; defaults are small, regularised and deterministic.</summary>
public sealed record LightGbmOptions
{
    /// <summary>Boosting rounds.</summary>
    public int Iterations { get; init; } = 150;

    /// <summary>Shrinkage per round.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Leaves per tree.</summary>
    public int NumLeaves { get; init; } = 15;

    /// <summary>Minimum samples per leaf; large values resist fitting noise in minute returns.</summary>
    public int MinDataInLeaf { get; init; } = 200;

    /// <summary>Share of features sampled per tree.</summary>
    public double FeatureFraction { get; init; } = 0.8;

    /// <summary>L2 penalty on leaf values.</summary>
    public double LambdaL2 { get; init; } = 1.0;

    /// <summary>Histogram bins per feature.</summary>
    public int MaxBin { get; init; } = 63;

    /// <summary>Native (OpenMP) threads for training; results are reproducible for a fixed count. One by default: spinning OpenMP teams slow down badly on a busy machine.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Random seed.</summary>
    public int Seed { get; init; } = 42;

    internal string ToParameters(string objective) => string.Create(CultureInfo.InvariantCulture,
        $"objective={objective} learning_rate={LearningRate} num_leaves={NumLeaves} min_data_in_leaf={MinDataInLeaf} feature_fraction={FeatureFraction} lambda_l2={LambdaL2} max_bin={MaxBin} num_threads={Threads} seed={Seed} deterministic=true force_row_wise=true verbosity=-1");
}
