using System.ComponentModel;
using System.Globalization;

namespace PredictionSdk.Data.Replay;

/// <summary>
/// How fast a replay runs against market time: <see cref="Max"/> (as fast as the consumer reads, the default),
/// <see cref="RealTime"/>, or <see cref="Times"/> a factor (60 = one market minute per second). Binds from
/// configuration as <c>"max"</c>, <c>"60"</c> or <c>"60x"</c>.
/// </summary>
[TypeConverter(typeof(ReplaySpeedConverter))]
public readonly record struct ReplaySpeed
{
    // 0 stands for "max" only inside this type; the default value is Max.
    private readonly double _factor;

    private ReplaySpeed(double factor) => _factor = factor;

    /// <summary>As fast as the consumer reads; no waiting.</summary>
    public static ReplaySpeed Max => default;

    /// <summary>Market time: one minute of bars per minute.</summary>
    public static ReplaySpeed RealTime { get; } = new(1);

    /// <summary>True for <see cref="Max"/>.</summary>
    public bool IsMax => _factor == 0;

    /// <summary>Market time per wall time (60: one market minute per second); null for <see cref="Max"/>.</summary>
    public double? Factor => IsMax ? null : _factor;

    /// <summary><paramref name="factor"/> times market time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is not a finite positive number.</exception>
    public static ReplaySpeed Times(double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "A replay speed is a finite positive factor; use ReplaySpeed.Max for no pacing.");
        }

        return new ReplaySpeed(factor);
    }

    /// <summary>Parses <c>max</c>, <c>60</c> or <c>60x</c> (invariant culture).</summary>
    /// <exception cref="FormatException">The text is neither <c>max</c> nor a positive factor.</exception>
    public static ReplaySpeed Parse(string text) =>
        TryParse(text, out var speed) ? speed : throw new FormatException($"'{text}' is not a replay speed; use max or a positive factor such as 60.");

    /// <summary>Tries to parse <c>max</c>, <c>60</c> or <c>60x</c>.</summary>
    public static bool TryParse(string? text, out ReplaySpeed speed)
    {
        speed = default;
        string s = text?.Trim() ?? string.Empty;
        if (s.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (s.EndsWith('x') || s.EndsWith('X'))
        {
            s = s[..^1];
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) && double.IsFinite(factor) && factor > 0)
        {
            speed = new ReplaySpeed(factor);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => IsMax ? "max" : _factor.ToString("0.###", CultureInfo.InvariantCulture) + "x";
}

/// <summary>Converts <see cref="ReplaySpeed"/> from and to text (<c>max</c>, <c>60x</c>) for configuration binding.</summary>
public sealed class ReplaySpeedConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? ReplaySpeed.Parse(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is ReplaySpeed speed ? speed.ToString() : base.ConvertTo(context, culture, value, destinationType);
}
