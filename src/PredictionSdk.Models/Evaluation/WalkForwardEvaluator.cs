using System.Diagnostics;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Evaluation;

/// <summary>
/// Rolling-origin walk-forward evaluation: the test period is cut into consecutive folds; each fold trains
/// a fresh forecaster (via its <see cref="ForecasterFactory"/>) on samples that end before a purge gap,
/// so no training target reaches the fold's first test window, fits the scaler on that training window
/// only, and forecasts every test sample out of sample. Metrics pool the out-of-sample forecasts of all folds.
/// </summary>
public static class WalkForwardEvaluator
{
    /// <summary>Plans the folds for <paramref name="data"/>.</summary>
    /// <exception cref="InsufficientDataException">Too few samples for the requested folds.</exception>
    public static IReadOnlyList<WalkForwardFold> PlanFolds(SupervisedDataset data, WalkForwardOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = data.Count;
        int initialTrain = (int)(n * options.InitialTrainFraction);
        int firstTest = initialTrain > 0 ? data.FirstTestSampleAfter(initialTrain - 1) : n;
        int testSize = (n - firstTest) / options.Folds;
        if (initialTrain < 10 || testSize < 10)
        {
            throw new InsufficientDataException(FormattableString.Invariant(
                $"A walk-forward of {options.Folds} folds needs at least 10 training and 10 test samples per fold; {n} samples give {initialTrain} and {testSize}."));
        }

        var folds = new List<WalkForwardFold>();
        for (int k = 0; k < options.Folds; k++)
        {
            int testStart = firstTest + (k * testSize);
            int testEnd = k == options.Folds - 1 ? n : testStart + testSize;
            int trainEnd = LastTrainSampleBefore(data, testStart);
            int trainStart = options.MaxTrainSamples is { } max ? Math.Max(0, trainEnd + 1 - max) : 0;
            folds.Add(new WalkForwardFold(k, trainStart, trainEnd + 1 - trainStart, testStart, testEnd - testStart,
                data.Timestamp(trainStart), data.Timestamp(trainEnd), data.Timestamp(testStart), data.Timestamp(testEnd - 1)));
        }

        return folds;
    }

    /// <summary>Runs every candidate over every fold and returns the pooled out-of-sample metrics.</summary>
    /// <param name="data">Raw (unscaled) samples, e.g. from <see cref="SupervisedDataset.Build(IReadOnlyList{Candle}, FeatureSpec)"/>.</param>
    /// <param name="candidates">Models to compare; baselines and deep models alike.</param>
    /// <param name="options">Fold layout, fees and thresholds.</param>
    /// <param name="title">Name of the data set shown in the report, e.g. the symbol.</param>
    /// <param name="progress">Receives one line per trained fold.</param>
    /// <param name="cancellationToken">Stops between folds and inside training.</param>
    public static Task<EvaluationReport> RunAsync(SupervisedDataset data, IReadOnlyList<ForecasterCandidate> candidates, WalkForwardOptions? options = null,
        string? title = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(data, null, candidates, options, title, progress, cancellationToken);

    /// <summary>
    /// Runs every candidate over every fold and adds the spread-aware columns: each test bar's effective spread
    /// (<see cref="SpreadEstimators.Conservative"/> of <paramref name="candles"/>, causal), direction accuracy on moves
    /// larger than it, and the sign strategy's result after fee and spread.
    /// </summary>
    /// <param name="data">Raw samples built from <paramref name="candles"/> (<see cref="SupervisedDataset.Build(IReadOnlyList{Candle}, FeatureSpec)"/>).</param>
    /// <param name="candles">The candles <paramref name="data"/> was built from, one per feature row.</param>
    /// <param name="candidates">Models to compare.</param>
    /// <param name="options">Fold layout, fees and thresholds.</param>
    /// <param name="title">Name of the data set shown in the report.</param>
    /// <param name="progress">Receives one line per trained fold.</param>
    /// <param name="cancellationToken">Stops between folds and inside training.</param>
    /// <exception cref="ArgumentException"><paramref name="candles"/> are not the ones <paramref name="data"/> was built from.</exception>
    public static Task<EvaluationReport> RunAsync(SupervisedDataset data, IReadOnlyList<Candle> candles, IReadOnlyList<ForecasterCandidate> candidates,
        WalkForwardOptions? options = null, string? title = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(candles);
        int last = data.EndRow(data.Count - 1);
        if (last >= candles.Count || candles[last].Timestamp != data.Timestamp(data.Count - 1))
        {
            throw new ArgumentException("The candles are not the ones the samples were built from (feature rows and candles must align one to one).", nameof(candles));
        }

        return RunCoreAsync(data, SpreadEstimators.Conservative(candles), candidates, options, title, progress, cancellationToken);
    }

    private static async Task<EvaluationReport> RunCoreAsync(SupervisedDataset data, double[]? spreads, IReadOnlyList<ForecasterCandidate> candidates, WalkForwardOptions? options,
        string? title, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(candidates);
        options ??= new WalkForwardOptions();
        var folds = PlanFolds(data, options);
        int horizons = data.Horizons.Count;
        var collectors = candidates.Select(c => new ForecastCollector(c.Name, data.Horizons)).ToArray();
        var output = new HorizonForecast[horizons];

        foreach (var fold in folds)
        {
            var raw = data.Slice(fold.TrainStart, fold.TrainCount);
            var scaled = options.ScaleFeatures ? data.Scale(raw.FitScaler()) : data;
            var train = scaled.Slice(fold.TrainStart, fold.TrainCount);
            var test = scaled.Slice(fold.TestStart, fold.TestCount);
            for (int m = 0; m < candidates.Count; m++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                var forecaster = await candidates[m].Train(train, cancellationToken).ConfigureAwait(false);
                try
                {
                    Validate(forecaster, data, candidates[m].Name);
                    collectors[m].TrainSeconds += clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    collectors[m].BeginFold();
                    for (int s = 0; s < test.Count; s++)
                    {
                        forecaster.Forecast(test.Window(s), output);
                        collectors[m].Add(test, s, output, spreads is null ? double.NaN : spreads[test.EndRow(s)]);
                    }

                    collectors[m].PredictSeconds += clock.Elapsed.TotalSeconds;
                    collectors[m].Predictions += test.Count;
                }
                finally
                {
                    (forecaster as IDisposable)?.Dispose();
                }

                progress?.Report(FormattableString.Invariant(
                    $"fold {fold.Index + 1}/{folds.Count} {candidates[m].Name}: trained on {fold.TrainCount} samples, tested on {fold.TestCount}"));
            }
        }

        double barsPerYear = options.ResolveBarsPerYear(data.Spec);
        return new EvaluationReport
        {
            Title = title ?? string.Empty,
            From = data.Timestamp(0),
            To = data.Timestamp(data.Count - 1),
            Samples = data.Count,
            FeatureCount = data.FeatureCount,
            WindowLength = data.WindowLength,
            Horizons = data.Horizons.ToArray(),
            Options = options,
            Folds = folds,
            Models = collectors.Select(c => c.Summarise(options, barsPerYear, data.Spec.Interval.Duration)).ToArray(),
        };
    }

    // The last sample whose longest target ends before the window of the first test sample begins.
    private static int LastTrainSampleBefore(SupervisedDataset data, int testStart)
    {
        int firstTestRow = data.EndRow(testStart) - data.WindowLength + 1;
        int i = testStart - 1;
        while (i >= 0 && data.EndRow(i) + data.Spec.MaxHorizon >= firstTestRow)
        {
            i--;
        }

        if (i < 9)
        {
            throw new InsufficientDataException($"The fold starting at sample {testStart} has fewer than 10 training samples before its purge gap.");
        }

        return i;
    }

    private static void Validate(IForecaster forecaster, SupervisedDataset data, string name)
    {
        if (forecaster.WindowLength != data.WindowLength || !forecaster.Horizons.SequenceEqual(data.Horizons))
        {
            throw new InvalidOperationException(
                $"Candidate '{name}' returned a forecaster for window {forecaster.WindowLength} and horizons {string.Join(",", forecaster.Horizons)}; the data has window {data.WindowLength} and horizons {string.Join(",", data.Horizons)}.");
        }
    }
}
