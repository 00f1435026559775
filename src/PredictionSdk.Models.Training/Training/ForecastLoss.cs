using TorchSharp;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

/// <summary>
/// The training objective: pinball loss of the 5/50/95 % quantiles plus a weighted binary cross-entropy of the
/// direction logit (flat targets carry no direction and are masked out). Quantile errors are divided by the
/// per-horizon target scale so that every horizon weighs about the same.
/// </summary>
internal static class ForecastLoss
{
    private static readonly float[] Levels = [0.05f, 0.5f, 0.95f];

    /// <param name="output">[batch, horizons, 4] network output.</param>
    /// <param name="targets">[batch, horizons] forward log returns.</param>
    /// <param name="scale">[horizons] target scale.</param>
    /// <param name="directionWeight">Weight of the cross-entropy term.</param>
    public static Tensor Compute(Tensor output, Tensor targets, Tensor scale, double directionWeight)
    {
        using var scope = NewDisposeScope();
        var y = targets.div(scale);
        var quantiles = output.narrow(2, 0, 3).div(scale.unsqueeze(1));
        var levels = tensor(Levels).reshape(1, 1, 3);
        var error = y.unsqueeze(2).sub(quantiles);
        var pinball = maximum(error.mul(levels), error.mul(levels.sub(HeldScalars.One))).mean();
        var logits = output.select(2, 3);
        var up = targets.gt(HeldScalars.Zero).to_type(ScalarType.Float32);
        var moved = targets.ne(HeldScalars.Zero).to_type(ScalarType.Float32);
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, up, moved, nn.Reduction.Sum)
            .div(moved.sum().clamp_min(HeldScalars.One));
        using var weight = directionWeight.ToScalar();
        return pinball.add(bce.mul(weight), HeldScalars.One).MoveToOuterDisposeScope();
    }
}
