namespace PredictionSdk;

/// <summary>
/// What became of a <see cref="Prediction"/> once its target bar closed: the realised close and the losses the
/// prediction scores against it. Interval adaptation, drift detectors and live scoreboards read these instead of
/// recomputing them. Returns and losses are in log-return units relative to <see cref="Prediction.CurrentPrice"/>,
/// so they compare across symbols and price levels.
/// </summary>
/// <remarks>
/// A value type so that scoring allocates nothing; <c>PredictionSdk.Models.Outcomes.OutcomeScorer</c> computes it.
/// The direction fields are null when the realised close equals the prediction's current price: a flat move is
/// neither up nor down, and the direction model was trained on non-flat moves only.
/// </remarks>
public readonly record struct PredictionOutcome
{
    /// <summary>The prediction that was scored.</summary>
    public required Prediction Prediction { get; init; }

    /// <summary>Close of the target bar (the bar that closed at <see cref="Prediction.TargetTime"/>).</summary>
    public required double RealizedPrice { get; init; }

    /// <summary>ln(<see cref="RealizedPrice"/> / <see cref="Prediction.CurrentPrice"/>).</summary>
    public required double RealizedReturn { get; init; }

    /// <summary>The probability the prediction gave to an up move (from <see cref="Prediction.Direction"/> and <see cref="Prediction.Confidence"/>).</summary>
    public required double UpProbability { get; init; }

    /// <summary>True when the realised move went the predicted way; null for a flat move.</summary>
    public bool? DirectionHit { get; init; }

    /// <summary>
    /// Negative log-likelihood (nats) of the realised direction under <see cref="UpProbability"/>, the probability
    /// clipped to [1e−6, 1 − 1e−6]; null for a flat move. 0.693 is a coin's loss.
    /// </summary>
    public double? DirectionLogLoss { get; init; }

    /// <summary>
    /// Mean pinball (quantile) loss, in log return, of the three quantiles the prediction states: the lower bound at
    /// level (1 − c)/2, the predicted price at ½ and the upper bound at (1 + c)/2, where c is <see cref="Prediction.IntervalCoverage"/>.
    /// </summary>
    public required double PinballLoss { get; init; }

    /// <summary>
    /// <see cref="PinballLoss"/> divided by <see cref="IntervalWidth"/> (floored at 1e−6): a scale-free loss that
    /// compares across symbols and volatility regimes, which is what drift detectors with fixed thresholds need.
    /// </summary>
    public required double ScaledPinballLoss { get; init; }

    /// <summary>ln(<see cref="Prediction.Upper"/> / <see cref="Prediction.Lower"/>): the interval's width in log return.</summary>
    public required double IntervalWidth { get; init; }

    /// <summary>True when the realised close fell outside [<see cref="Prediction.Lower"/>, <see cref="Prediction.Upper"/>].</summary>
    public required bool IntervalMiss { get; init; }

    /// <summary>|realised log return − predicted log return| of the median forecast.</summary>
    public required double AbsoluteError { get; init; }

    /// <summary>Instrument of the prediction.</summary>
    public Symbol Symbol => Prediction.Symbol;

    /// <summary>Bars ahead of the prediction.</summary>
    public int Horizon => Prediction.Horizon;

    /// <summary>Close time (UTC) of the target bar: when the outcome became known.</summary>
    public DateTime TargetTime => Prediction.TargetTime;

    /// <summary>Version string of the model that made the prediction.</summary>
    public string ModelVersion => Prediction.ModelVersion;
}
