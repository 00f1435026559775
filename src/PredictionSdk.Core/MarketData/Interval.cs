using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace PredictionSdk;

/// <summary>
/// A bar length: 1m, 3m, 5m, 15m, 30m, 1h, 4h or 1d. Bars are aligned to UTC boundaries
/// (midnight UTC for 1d). Binds from configuration by name (<see cref="IntervalConverter"/>).
/// </summary>
[TypeConverter(typeof(IntervalConverter))]
public readonly record struct Interval : ISpanParsable<Interval>
{
    private readonly string? _name;

    private Interval(TimeSpan duration, string name)
    {
        Duration = duration;
        _name = name;
    }

    /// <summary>One minute.</summary>
    public static Interval OneMinute { get; } = new(TimeSpan.FromMinutes(1), "1m");

    /// <summary>Three minutes.</summary>
    public static Interval ThreeMinutes { get; } = new(TimeSpan.FromMinutes(3), "3m");

    /// <summary>Five minutes.</summary>
    public static Interval FiveMinutes { get; } = new(TimeSpan.FromMinutes(5), "5m");

    /// <summary>Fifteen minutes.</summary>
    public static Interval FifteenMinutes { get; } = new(TimeSpan.FromMinutes(15), "15m");

    /// <summary>Thirty minutes.</summary>
    public static Interval ThirtyMinutes { get; } = new(TimeSpan.FromMinutes(30), "30m");

    /// <summary>One hour.</summary>
    public static Interval OneHour { get; } = new(TimeSpan.FromHours(1), "1h");

    /// <summary>Four hours.</summary>
    public static Interval FourHours { get; } = new(TimeSpan.FromHours(4), "4h");

    /// <summary>One UTC day.</summary>
    public static Interval OneDay { get; } = new(TimeSpan.FromDays(1), "1d");

    /// <summary>Every supported interval, shortest first.</summary>
    public static IReadOnlyList<Interval> All { get; } =
        [OneMinute, ThreeMinutes, FiveMinutes, FifteenMinutes, ThirtyMinutes, OneHour, FourHours, OneDay];

    /// <summary>Length of one bar.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Short name such as <c>1m</c> or <c>4h</c>.</summary>
    public string Name => _name ?? "unset";

    /// <summary>Number of whole minutes in one bar.</summary>
    public int Minutes => (int)Duration.TotalMinutes;

    /// <summary>Start of the bar of this interval that contains <paramref name="time"/> (UTC).</summary>
    public DateTime Floor(DateTime time)
    {
        long ticks = Duration.Ticks == 0 ? TimeSpan.TicksPerMinute : Duration.Ticks;
        return new DateTime(time.Ticks - (time.Ticks % ticks), DateTimeKind.Utc);
    }

    /// <summary>True when <paramref name="time"/> is exactly on a bar boundary of this interval.</summary>
    public bool IsAligned(DateTime time) => Floor(time).Ticks == time.Ticks;

    /// <summary>Returns the interval whose duration is <paramref name="duration"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not a supported interval.</exception>
    public static Interval FromDuration(TimeSpan duration)
    {
        foreach (var interval in All)
        {
            if (interval.Duration == duration)
            {
                return interval;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(duration), duration, "Supported intervals are 1m, 3m, 5m, 15m, 30m, 1h, 4h and 1d.");
    }

    /// <summary>Parses <c>1m</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> and the other supported names (case-insensitive; <c>60m</c> equals <c>1h</c>).</summary>
    /// <exception cref="FormatException">The text names no supported interval.</exception>
    public static Interval Parse(string s) => Parse(s, null);

    /// <inheritdoc />
    public static Interval Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc />
    public static Interval Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var result)
            ? result
            : throw new FormatException($"'{s.ToString()}' is not a supported interval. Use one of: 1m, 3m, 5m, 15m, 30m, 1h, 4h, 1d.");

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Interval result) =>
        TryParse(s.AsSpan(), provider, out result);

    /// <summary>Tries to parse an interval name such as <c>5m</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Interval result) => TryParse(s.AsSpan(), null, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Interval result)
    {
        result = default;
        s = s.Trim();
        if (s.Length < 2)
        {
            return false;
        }

        char unit = char.ToLowerInvariant(s[^1]);
        if (!int.TryParse(s[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count) || count <= 0)
        {
            return false;
        }

        TimeSpan duration = unit switch
        {
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ => TimeSpan.Zero,
        };
        foreach (var interval in All)
        {
            if (interval.Duration == duration)
            {
                result = interval;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
