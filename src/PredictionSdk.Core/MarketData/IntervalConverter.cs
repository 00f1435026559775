using System.ComponentModel;
using System.Globalization;

namespace PredictionSdk;

/// <summary>
/// Converts <see cref="Interval"/> from and to its name (<c>1m</c>, <c>1h</c>), so options bind it from configuration
/// (<c>"Interval": "5m"</c>) like any other value.
/// </summary>
public sealed class IntervalConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    /// <inheritdoc />
    /// <exception cref="FormatException">The text names no supported interval.</exception>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Interval.Parse(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is Interval interval ? interval.Name : base.ConvertTo(context, culture, value, destinationType);
}
