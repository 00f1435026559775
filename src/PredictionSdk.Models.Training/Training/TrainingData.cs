using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;
using PredictionSdk.Validation;

namespace PredictionSdk.Models.Training;

/// <summary>
/// The prepared samples of a training run, split in time: <see cref="Fit"/> (weights are fit on it), then
/// <see cref="Validation"/> (early stopping), then <see cref="Holdout"/> (evaluation). A purge gap separates each
/// part from the next so that no window or target of one overlaps the other. The scaler is fit on the rows of
/// the training window (fit and validation) only, never on the holdout.
/// </summary>
public sealed partial class TrainingData
{
    private TrainingData(FeatureSpec spec, SupervisedDataset raw, SupervisedDataset scaled, RobustScaler scaler, int fitCount, int validationStart, int trainCount, int holdoutStart, float[] targetScale, DateTime firstBar, WalkForwardOptions evaluation)
    {
        EvaluationOptions = evaluation;
        Spec = spec;
        Raw = raw;
        Scaler = scaler;
        Fit = scaled.Slice(0, fitCount);
        Validation = scaled.Slice(validationStart, trainCount - validationStart);
        Holdout = scaled.Slice(holdoutStart, scaled.Count - holdoutStart);
        RawTraining = raw.Slice(0, trainCount);
        RawHoldout = raw.Slice(holdoutStart, raw.Count - holdoutStart);
        TargetScale = targetScale;
        FirstBar = firstBar;
        TrainEnd = raw.Timestamp(trainCount - 1).AddTicks(spec.Interval.Duration.Ticks * spec.MaxHorizon);
    }

    /// <summary>The one-fold walk-forward layout whose test fold is <see cref="Holdout"/>.</summary>
    public WalkForwardOptions EvaluationOptions { get; }

    /// <summary>The feature spec.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>Every sample, unscaled.</summary>
    public SupervisedDataset Raw { get; }

    /// <summary>The scaler, fit on the training window's rows (<see cref="Fit"/> and <see cref="Validation"/>).</summary>
    public RobustScaler Scaler { get; }

    /// <summary>Scaled samples the weights are fit on.</summary>
    public SupervisedDataset Fit { get; }

    /// <summary>Scaled samples for the validation loss (end of the training window).</summary>
    public SupervisedDataset Validation { get; }

    /// <summary>Scaled out-of-sample samples after the training window.</summary>
    public SupervisedDataset Holdout { get; }

    /// <summary>Unscaled fit + validation samples (the whole training window), e.g. for baselines.</summary>
    public SupervisedDataset RawTraining { get; }

    /// <summary>Unscaled holdout samples.</summary>
    public SupervisedDataset RawHoldout { get; }

    /// <summary>Per-horizon root mean square of the fit targets; the network's quantiles are in these units times the raw output.</summary>
    public IReadOnlyList<float> TargetScale { get; }

    /// <summary>Features per row.</summary>
    public int FeatureCount => Raw.FeatureCount;

    /// <summary>Open time of the first candle.</summary>
    public DateTime FirstBar { get; }

    /// <summary>Open time of the last bar a training target reaches.</summary>
    public DateTime TrainEnd { get; }

    /// <summary>
    /// What validation found in the candles and did before training (<see cref="TrainerOptions.DataValidation"/>);
    /// null when validation was off or the data came as a prepared window. Saved in the bundle's manifest.
    /// </summary>
    public CandleCheckSummary? DataQuality { get; private init; }

    /// <summary>
    /// Splits an already scaled training window (one walk-forward fold's) into fit and validation parts with a
    /// purge gap; there is no holdout, since the evaluator tests the fold itself.
    /// </summary>
    internal static TrainingData ForWindow(SupervisedDataset scaledWindow, double validationSplit)
    {
        var scaler = scaledWindow.Scaler ?? throw new ArgumentException("The training window must be scaled (fit a scaler on it first).", nameof(scaledWindow));
        var spec = scaledWindow.Spec;
        const int MinimumFit = 64;
        int count = scaledWindow.Count;
        int fitCount = (int)(count * (1 - validationSplit));
        int validationStart = fitCount > 0 ? scaledWindow.FirstTestSampleAfter(fitCount - 1) : count;
        if (fitCount < MinimumFit || validationStart >= count)
        {
            throw new InsufficientDataException(FormattableString.Invariant(
                $"A training window of {count} samples is too small to split into at least {MinimumFit} fit samples and a validation part ({validationSplit:P0}) after a purge gap."));
        }

        return new TrainingData(spec, scaledWindow, scaledWindow, scaler, fitCount, validationStart, count, count, TargetScales(scaledWindow, fitCount), scaledWindow.Timestamp(0), new WalkForwardOptions());
    }

    internal static TrainingData Create(IReadOnlyList<Candle> candles, TrainerOptions options, string? source = null, IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>>? context = null)
    {
        var spec = options.BuildSpec();
        if (context is { Count: > 0 } && !spec.HasContext)
        {
            // Context bars without a context in the spec: read every symbol given, with the default age limit.
            spec = spec with { Context = ContextSpec.Of(context.Keys) };
        }

        if (candles.Count == 0)
        {
            throw new InsufficientDataException("Training", SupervisedDataset.MinimumCandles(spec), 0);
        }

        IntervalDetector.EnsureMatches(options.Interval, candles, source, "the trainer (TrainerOptions.Interval)");
        CandleCheckSummary? quality = null;
        if (options.DataValidation is { } policy)
        {
            var checks = options.DataChecks.Clone();
            checks.Interval = options.Interval;
            var result = CandleBatchCheck.Run(candles, checks, policy, source: source ?? "training data");
            if (!result.IsAcceptable)
            {
                var first = result.Issues.FirstOrDefault(i => i.IsError);
                throw first is null
                    ? new CandleValidationException("no candle is left after validation", result.Source, null)
                    : new CandleValidationException($"{first.Rule}: {first.Detail} ({result.ErrorCount} problem(s); use DataValidation = Repair or Skip to clean)", result.Source, first.LineNumber ?? first.Row, first.Field, first.Value);
            }

            quality = result.Summarize();
            candles = result.Candles;
        }

        if (options.DataValidation is { } contextPolicy && context is not null)
        {
            // Context bars get the same checks and repairs as the target's, so a bar the trainer would drop cannot stop it.
            context = ValidateContext(context, options, contextPolicy);
        }

        var raw = SupervisedDataset.Build(candles, spec, context);
        int trainCount;
        if (options.TrainPeriod is { } period)
        {
            DateTime end = candles[0].Timestamp + period;
            long horizonTicks = spec.Interval.Duration.Ticks * spec.MaxHorizon;
            trainCount = 0;
            while (trainCount < raw.Count && raw.Timestamp(trainCount).AddTicks(horizonTicks) < end)
            {
                trainCount++;
            }
        }
        else
        {
            trainCount = (int)(raw.Count * (1 - options.HoldoutFraction));
        }

        const int MinimumFit = 64;
        int gap = spec.WindowLength + spec.MaxHorizon - 1;
        string Shortfall(int fit, int validation, int holdout) => FormattableString.Invariant(
            $"{raw.Count} samples from {candles.Count} candles are too few to split into training (at least {MinimumFit} samples), validation ({options.ValidationSplit:P0} of the training window) and holdout, with purge gaps of {gap} bars; got {fit} for fitting, {validation} for validation and {holdout} held out. Provide more candles (one sample needs {SupervisedDataset.MinimumCandles(spec)} bars) or shorten TrainPeriod.");
        if (trainCount < MinimumFit || trainCount >= raw.Count - 1)
        {
            throw new InsufficientDataException(Shortfall(Math.Max(0, trainCount), 0, Math.Max(0, raw.Count - trainCount)));
        }

        // The holdout is exactly the single fold the walk-forward evaluator plans for this split, so that the
        // evaluator's per-fold scaler equals ours and baselines see the same training window as the network.
        var evaluation = new WalkForwardOptions { Folds = 1, InitialTrainFraction = (trainCount + 0.5) / raw.Count };
        WalkForwardFold fold;
        try
        {
            fold = WalkForwardEvaluator.PlanFolds(raw, evaluation)[0];
        }
        catch (InsufficientDataException)
        {
            throw new InsufficientDataException(Shortfall(trainCount, 0, 0));
        }

        trainCount = fold.TrainStart + fold.TrainCount;
        int fitCount = (int)(trainCount * (1 - options.ValidationSplit));
        int validationStart = fitCount > 0 ? raw.FirstTestSampleAfter(fitCount - 1) : raw.Count;
        int holdoutStart = fold.TestStart;
        if (fitCount < MinimumFit || validationStart >= trainCount || holdoutStart >= raw.Count)
        {
            throw new InsufficientDataException(Shortfall(fitCount, Math.Max(0, trainCount - validationStart), Math.Max(0, raw.Count - holdoutStart)));
        }

        // Fit + validation form the training window; the scaler sees it and nothing after it.
        var scaler = raw.Slice(0, trainCount).FitScaler();
        var scaled = raw.Scale(scaler);
        return new TrainingData(spec, raw, scaled, scaler, fitCount, validationStart, trainCount, holdoutStart, TargetScales(raw, fitCount), candles[0].Timestamp, evaluation)
        {
            DataQuality = quality,
            Candles = candles,
        };
    }

    /// <summary>Rows whose context symbol's bar was missing beyond <see cref="ContextSpec.MaxAgeBars"/>: not samples (0 without context).</summary>
    public long ContextStaleRows => Raw.Matrix.ContextStaleRows;

    private static Dictionary<Symbol, IReadOnlyList<Candle>> ValidateContext(IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>> context, TrainerOptions options, ValidationPolicy policy)
    {
        var checks = options.DataChecks.Clone();
        checks.Interval = options.Interval;
        var valid = new Dictionary<Symbol, IReadOnlyList<Candle>>();
        foreach (var (symbol, bars) in context)
        {
            var result = CandleBatchCheck.Run(bars, checks, policy, source: $"context {symbol}");
            var first = result.Issues.FirstOrDefault(i => i.IsError);
            if (!result.IsAcceptable)
            {
                throw new CandleValidationException($"{first?.Rule}: {first?.Detail} ({result.ErrorCount} problem(s))", result.Source, first?.LineNumber ?? first?.Row, first?.Field, first?.Value);
            }

            valid[symbol] = result.Candles;
        }

        return valid;
    }

    // Targets are never scaled by the feature scaler, so raw and scaled datasets give the same root mean square.
    private static float[] TargetScales(SupervisedDataset data, int fitCount)
    {
        var targetScale = new float[data.Horizons.Count];
        for (int h = 0; h < targetScale.Length; h++)
        {
            double sum = 0;
            for (int i = 0; i < fitCount; i++)
            {
                double y = data.Target(i, h);
                sum += y * y;
            }

            targetScale[h] = (float)Math.Max(Math.Sqrt(sum / fitCount), 1e-6);
        }

        return targetScale;
    }
}
