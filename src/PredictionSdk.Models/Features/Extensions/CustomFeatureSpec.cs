using System.Globalization;

namespace PredictionSdk.Models.Features;

/// <summary>A custom feature as a bundle records it: the registered name and the parameters its factory receives.</summary>
public sealed record CustomFeatureSpec
{
    /// <summary>Name the feature is registered under.</summary>
    public required string Name { get; init; }

    /// <summary>Parameters (invariant-culture strings), e.g. <c>{"period": "20"}</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads an integer parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">The parameter is present but not an integer.</exception>
    public int GetInt32(string parameter, int fallback) =>
        !Parameters.TryGetValue(parameter, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
        : throw new ArgumentException($"Custom feature '{Name}': parameter '{parameter}' must be an integer; was '{text}'.", nameof(parameter));

    /// <summary>Reads a number parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">The parameter is present but not a finite number.</exception>
    public double GetDouble(string parameter, double fallback) =>
        !Parameters.TryGetValue(parameter, out var text) ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value
        : throw new ArgumentException($"Custom feature '{Name}': parameter '{parameter}' must be a finite number; was '{text}'.", nameof(parameter));

    /// <summary>Same name and the same parameters.</summary>
    public bool Equals(CustomFeatureSpec? other) =>
        other is not null && Name == other.Name && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Parameters.Count);
}
