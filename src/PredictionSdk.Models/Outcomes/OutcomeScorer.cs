namespace PredictionSdk.Models.Outcomes;

/// <summary>
/// Scores a <see cref="Prediction"/> against the realised close of its target bar. Pure and deterministic: the same
/// prediction and close always give the same <see cref="PredictionOutcome"/>, and scoring allocates nothing.
/// </summary>
public static class OutcomeScorer
{
    /// <summary>Probabilities are clipped to [ε, 1 − ε] before the log so that a confident miss costs ln(1/ε) ≈ 13.8 nats, not infinity.</summary>
    public const double ProbabilityClip = 1e-6;

    /// <summary>Smallest interval width <see cref="PredictionOutcome.ScaledPinballLoss"/> divides by (log return).</summary>
    public const double WidthFloor = 1e-6;

    /// <summary>Scores <paramref name="prediction"/> against <paramref name="realizedClose"/>, the close of its target bar.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="prediction"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The prediction is a preview (it is superseded, not scored), or a price (the prediction's current, predicted,
    /// lower or upper price, or the realised close) is not positive and finite, or the coverage is not in (0, 1).
    /// </exception>
    public static PredictionOutcome Score(Prediction prediction, double realizedClose)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.IsPreview)
        {
            throw new ArgumentException($"The prediction for {prediction.Symbol} at {prediction.Timestamp:O} is a preview; only predictions from closed bars are scored.", nameof(prediction));
        }

        RequirePrice(realizedClose, "realised close", prediction, nameof(realizedClose));
        RequirePrice(prediction.CurrentPrice, "current price", prediction, nameof(prediction));
        RequirePrice(prediction.PredictedPrice, "predicted price", prediction, nameof(prediction));
        RequirePrice(prediction.Lower, "lower bound", prediction, nameof(prediction));
        RequirePrice(prediction.Upper, "upper bound", prediction, nameof(prediction));
        double coverage = prediction.IntervalCoverage;
        if (!(coverage > 0 && coverage < 1))
        {
            throw new ArgumentException($"The interval coverage {coverage} of the prediction for {prediction.Symbol} at {prediction.Timestamp:O} is not in (0, 1).", nameof(prediction));
        }

        double current = prediction.CurrentPrice;
        double y = Math.Log(realizedClose / current);
        double lower = Math.Log(Math.Min(prediction.Lower, prediction.Upper) / current);
        double upper = Math.Log(Math.Max(prediction.Lower, prediction.Upper) / current);
        double median = Math.Log(prediction.PredictedPrice / current);

        double up = prediction.Direction switch
        {
            Direction.Up => prediction.Confidence,
            Direction.Down => 1 - prediction.Confidence,
            _ => 0.5,
        };
        up = Math.Clamp(up, 0, 1);

        bool? hit = null;
        double? logLoss = null;
        if (realizedClose != current)
        {
            bool rose = realizedClose > current;
            hit = prediction.Direction != Direction.Flat ? rose == (prediction.Direction == Direction.Up) : null;
            double p = Math.Clamp(up, ProbabilityClip, 1 - ProbabilityClip);
            logLoss = -Math.Log(rose ? p : 1 - p);
        }

        double tailLevel = (1 - coverage) / 2;
        double pinball = (Pinball(y, lower, tailLevel) + Pinball(y, median, 0.5) + Pinball(y, upper, 1 - tailLevel)) / 3;
        double width = upper - lower;
        return new PredictionOutcome
        {
            Prediction = prediction,
            RealizedPrice = realizedClose,
            RealizedReturn = y,
            UpProbability = up,
            DirectionHit = hit,
            DirectionLogLoss = logLoss,
            PinballLoss = pinball,
            ScaledPinballLoss = pinball / Math.Max(width, WidthFloor),
            IntervalWidth = width,
            IntervalMiss = realizedClose < prediction.Lower || realizedClose > prediction.Upper,
            AbsoluteError = Math.Abs(y - median),
        };
    }

    /// <summary>The pinball loss of quantile <paramref name="q"/> at level <paramref name="tau"/> for outcome <paramref name="y"/>: τ·(y − q) above the quantile, (1 − τ)·(q − y) below.</summary>
    public static double Pinball(double y, double q, double tau)
    {
        double u = y - q;
        return u >= 0 ? tau * u : (tau - 1) * u;
    }

    private static void RequirePrice(double value, string what, Prediction prediction, string parameter)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentException($"The {what} {value} for the prediction of {prediction.Symbol} at {prediction.Timestamp:O} (horizon {prediction.Horizon}) is not a positive finite price.", parameter);
        }
    }
}
