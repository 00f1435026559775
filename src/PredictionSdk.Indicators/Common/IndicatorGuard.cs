using System.Runtime.CompilerServices;

namespace PredictionSdk.Indicators;

/// <summary>Argument checks shared by every indicator; each error names the parameter at fault.</summary>
internal static class IndicatorGuard
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> ≥ 1.</summary>
    public static void Period(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be at least 1 (was {value}).");
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is finite and &gt; 0.</summary>
    public static void Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be a finite number greater than 0 (was {value}).");
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must lie in [{min}, {max}] (was {value}).");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when an output span is shorter than the input.</summary>
    public static void Output(int inputLength, int outputLength, [CallerArgumentExpression(nameof(outputLength))] string? name = null)
    {
        if (outputLength < inputLength)
        {
            throw new ArgumentException($"Output '{name}' holds {outputLength} values but the input has {inputLength}.", name);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when two input spans differ in length.</summary>
    public static void SameLength(int expected, int actual, [CallerArgumentExpression(nameof(actual))] string? name = null)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Input '{name}' holds {actual} values but the first input has {expected}.", name);
        }
    }
}
