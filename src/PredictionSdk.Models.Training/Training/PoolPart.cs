namespace PredictionSdk.Models.Training;

/// <summary>One symbol of pooled training data: its own split, with a scaler fit on its own training window.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Data">The symbol's prepared data (fit, validation and holdout, scaled by its own scaler).</param>
public sealed record PoolPart(Symbol Symbol, TrainingData Data);
