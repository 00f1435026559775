namespace PredictionSdk.Indicators;

/// <summary>
/// Parabolic SAR (stop and reverse), with Stock.Indicators' start and reversal rules.
/// </summary>
public static class ParabolicSar
{
    /// <summary>
    /// Writes the SAR of every bar. NaN until the first trend reversal, and on that bar: the opening trend is a guess
    /// (rising from the first bar's low) and is discarded, so the warm-up depends on the data.
    /// NaN input propagates through the recursion.
    /// </summary>
    /// <param name="high">High prices.</param>
    /// <param name="low">Low prices.</param>
    /// <param name="sar">SAR output.</param>
    /// <param name="accelerationStep">Increment of the acceleration factor at each new extreme point.</param>
    /// <param name="maxAccelerationFactor">Cap of the acceleration factor.</param>
    /// <param name="initialFactor">Acceleration factor at the start of each trend; <paramref name="accelerationStep"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is not positive, the step exceeds the cap, or the initial factor exceeds the cap.</exception>
    /// <exception cref="ArgumentException">The inputs differ in length or the output is shorter.</exception>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        Span<double> sar,
        double accelerationStep = 0.02,
        double maxAccelerationFactor = 0.2,
        double? initialFactor = null) =>
        Compute(high, low, sar, [], accelerationStep, maxAccelerationFactor, initialFactor);

    /// <summary>Writes the SAR and, when <paramref name="isReversal"/> is not empty, whether each bar reverses the trend.</summary>
    /// <inheritdoc cref="Compute(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double, double, double?)"/>
    public static void Compute(
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        Span<double> sar,
        Span<bool> isReversal,
        double accelerationStep = 0.02,
        double maxAccelerationFactor = 0.2,
        double? initialFactor = null)
    {
        double initial = Validate(accelerationStep, maxAccelerationFactor, initialFactor);
        IndicatorGuard.SameLength(high.Length, low.Length);
        IndicatorGuard.Output(high.Length, sar.Length);
        bool withReversal = !isReversal.IsEmpty;
        if (withReversal)
        {
            IndicatorGuard.Output(high.Length, isReversal.Length);
        }

        var state = new ParabolicSarState(accelerationStep, maxAccelerationFactor, initial);
        for (int i = 0; i < high.Length; i++)
        {
            (double value, bool reversal) = state.Next(high[i], low[i]);
            sar[i] = value;
            if (withReversal)
            {
                isReversal[i] = reversal;
            }
        }
    }

    /// <summary>Checks the factors and returns the initial factor to use.</summary>
    internal static double Validate(double accelerationStep, double maxAccelerationFactor, double? initialFactor)
    {
        IndicatorGuard.Positive(accelerationStep);
        IndicatorGuard.Positive(maxAccelerationFactor);
        if (accelerationStep > maxAccelerationFactor)
        {
            throw new ArgumentOutOfRangeException(
                nameof(accelerationStep),
                accelerationStep,
                $"'accelerationStep' ({accelerationStep}) must not exceed 'maxAccelerationFactor' ({maxAccelerationFactor}).");
        }

        double initial = initialFactor ?? accelerationStep;
        if (!(initial > 0) || initial > maxAccelerationFactor)
        {
            throw new ArgumentOutOfRangeException(
                nameof(initialFactor),
                initial,
                $"'initialFactor' must be greater than 0 and not exceed 'maxAccelerationFactor' ({maxAccelerationFactor}) (was {initial}).");
        }

        return initial;
    }
}
