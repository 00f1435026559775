using System.Globalization;

namespace PredictionSdk.Indicators.Tests;

/// <summary>Relative-tolerance comparisons of indicator series.</summary>
internal static class Approx
{
    /// <summary>Default relative tolerance against the reference values.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>True when |a − e| ≤ tol·max(|e|, |a|), or both are null/NaN. Values below 1e-12 in magnitude compare absolutely.</summary>
    public static bool Close(double? expected, double? actual, double tolerance = Tolerance)
    {
        double e = expected ?? double.NaN;
        double a = actual ?? double.NaN;
        if (double.IsNaN(e) || double.IsNaN(a))
        {
            return double.IsNaN(e) && double.IsNaN(a);
        }

        if (e == a)
        {
            return true;
        }

        double scale = Math.Max(Math.Max(Math.Abs(e), Math.Abs(a)), 1e-12 / tolerance);
        return Math.Abs(a - e) <= tolerance * scale;
    }

    /// <summary>Asserts two series agree element-wise (nulls in the same rows), naming the first row that differs.</summary>
    public static void Series(IReadOnlyList<double?> expected, IReadOnlyList<double?> actual, double tolerance = Tolerance, string what = "value", int skip = 0)
    {
        Assert.Equal(expected.Count, actual.Count);
        int compared = 0;
        for (int i = skip; i < expected.Count; i++)
        {
            if (!Close(expected[i], actual[i], tolerance))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what} differs at row {i}: expected {Show(expected[i])}, got {Show(actual[i])} (relative tolerance {tolerance:G})."));
            }

            if (expected[i] is not null)
            {
                compared++;
            }
        }

        Assert.True(compared > 0, $"{what}: the expected series holds no values to compare.");
    }

    /// <summary>Span form of <see cref="Series(IReadOnlyList{double?}, IReadOnlyList{double?}, double, string, int)"/> with NaN as null.</summary>
    public static void Series(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = Tolerance, string what = "value") =>
        Series(ToNullable(expected), ToNullable(actual), tolerance, what);

    public static double?[] ToNullable(ReadOnlySpan<double> values)
    {
        var result = new double?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.IsNaN(values[i]) ? null : values[i];
        }

        return result;
    }

    private static string Show(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
}
