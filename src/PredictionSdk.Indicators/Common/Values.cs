using System.Runtime.CompilerServices;

namespace PredictionSdk.Indicators;

/// <summary>Small conversions shared by result records.</summary>
internal static class Values
{
    /// <summary>NaN (warm-up or NaN input) becomes <see langword="null"/> in result records.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double? Nullable(double value) => double.IsNaN(value) ? null : value;

    /// <summary>Returns <see langword="null"/> as NaN, the span cores' marker for "no value".</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OrNaN(double? value) => value ?? double.NaN;
}
