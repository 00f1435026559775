using System.Buffers;

namespace PredictionSdk.Indicators;

/// <summary>Rate of change: <c>100 · (close − close[period bars ago]) / close[period bars ago]</c>, in percent, with the momentum (the difference).</summary>
public static class Roc
{
    /// <summary>Bars before the first value: <c>period</c>.</summary>
    public static int WarmupPeriods(int period) => period;

    /// <summary>Writes the ROC in percent; NaN for the first <c>period</c> rows, when the earlier close is zero, and where either close is NaN.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="close"/>.</exception>
    public static void Compute(ReadOnlySpan<double> close, Span<double> output, int period = 12) => Compute(close, output, [], period);

    /// <summary>Writes the ROC in percent and, when <paramref name="momentum"/> is not empty, the momentum (close − earlier close).</summary>
    /// <inheritdoc cref="Compute(ReadOnlySpan{double}, Span{double}, int)"/>
    public static void Compute(ReadOnlySpan<double> close, Span<double> output, Span<double> momentum, int period = 12)
    {
        IndicatorGuard.Period(period);
        IndicatorGuard.Output(close.Length, output.Length);
        bool withMomentum = !momentum.IsEmpty;
        if (withMomentum)
        {
            IndicatorGuard.Output(close.Length, momentum.Length);
        }

        double[] buffer = ArrayPool<double>.Shared.Rent(period);
        try
        {
            var state = new RocState(period, buffer);
            for (int i = 0; i < close.Length; i++)
            {
                (double mom, double roc) = state.Next(close[i]);
                output[i] = roc;
                if (withMomentum)
                {
                    momentum[i] = mom;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    internal static (double Momentum, double Roc) Evaluate(double close, double earlier)
    {
        double momentum = close - earlier;
        return (momentum, earlier == 0 ? double.NaN : 100d * momentum / earlier);
    }
}
