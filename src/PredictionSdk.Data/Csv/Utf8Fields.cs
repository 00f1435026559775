using System.Globalization;

namespace PredictionSdk.Data.Csv;

/// <summary>
/// Allocation-free parsers for the UTF-8 fields of a candle row: decimal numbers and timestamps
/// (ISO-8601 or Unix seconds / milliseconds / microseconds).
/// </summary>
internal static class Utf8Fields
{
    private const long UnixEpochTicks = 621_355_968_000_000_000L;

    // Powers of ten that are exact in a double: a mantissa below 2^53 divided or multiplied by one of
    // them is correctly rounded (one IEEE operation on exact operands), so the fast path is exact.
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a decimal number such as <c>42283.58</c>, <c>-1.5e-3</c>, <c>NaN</c> or <c>Infinity</c>.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseSimpleDecimal(text, out value))
        {
            return true;
        }

        // Exponents, long mantissas, NaN/Infinity: the framework parser is exact and still allocation-free.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseSimpleDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool seenPoint = false, any = false;
        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d <= 9)
            {
                any = true;
                if (mantissa == 0 && d == 0)
                {
                    // Leading zeros do not use up precision.
                }
                else if (++digits > 15)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
                if (seenPoint)
                {
                    fractionDigits++;
                }
            }
            else if (text[i] == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                return false;
            }
        }

        if (!any || fractionDigits >= ExactPowersOfTen.Length)
        {
            return false;
        }

        value = fractionDigits == 0 ? mantissa : mantissa / ExactPowersOfTen[fractionDigits];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>
    /// Parses a timestamp into a UTC <see cref="DateTime"/>. Accepts ISO-8601
    /// (<c>2024-01-01T00:00:00Z</c>, optional fraction, <c>Z</c> or <c>±hh:mm</c> offset, space instead of <c>T</c>,
    /// no offset meaning UTC, or a bare date) and Unix epoch integers, whose unit follows from their size:
    /// below 10^11 seconds, below 10^14 milliseconds, otherwise microseconds.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.Length >= 10 && text[4] == (byte)'-')
        {
            return TryParseIso(text, out value);
        }

        return TryParseEpoch(text, out value);
    }

    private static bool TryParseEpoch(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        long n = 0;
        int i = text[0] == (byte)'-' ? 1 : 0;
        if (i == text.Length || text.Length - i > 18)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9)
            {
                return false;
            }

            n = (n * 10) + d;
        }

        if (text[0] == (byte)'-')
        {
            n = -n;
        }

        long magnitude = Math.Abs(n);
        long ticks = magnitude < 100_000_000_000L ? n * TimeSpan.TicksPerSecond
            : magnitude < 100_000_000_000_000L ? n * TimeSpan.TicksPerMillisecond
            : n * TimeSpan.TicksPerMicrosecond;
        ticks += UnixEpochTicks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool TryParseIso(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (!TryDigits(s, 0, 4, out int year) || s[4] != (byte)'-' || !TryDigits(s, 5, 2, out int month)
            || s[7] != (byte)'-' || !TryDigits(s, 8, 2, out int day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        int pos = 10;
        if (pos < s.Length && (s[pos] == (byte)'T' || s[pos] == (byte)' ' || s[pos] == (byte)'t'))
        {
            if (s.Length < pos + 6 || !TryDigits(s, pos + 1, 2, out hour) || s[pos + 3] != (byte)':' || !TryDigits(s, pos + 4, 2, out minute))
            {
                return false;
            }

            pos += 6;
            if (pos < s.Length && s[pos] == (byte)':')
            {
                if (!TryDigits(s, pos + 1, 2, out second))
                {
                    return false;
                }

                pos += 3;
                if (pos < s.Length && (s[pos] == (byte)'.' || s[pos] == (byte)','))
                {
                    pos++;
                    long scale = TimeSpan.TicksPerSecond;
                    int start = pos;
                    while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
                    {
                        scale /= 10;
                        fractionTicks += (s[pos] - '0') * scale;
                        pos++;
                    }

                    if (pos == start)
                    {
                        return false;
                    }
                }
            }
        }

        long offsetTicks = 0;
        if (pos < s.Length)
        {
            byte sign = s[pos];
            if ((sign == (byte)'Z' || sign == (byte)'z') && pos == s.Length - 1)
            {
                pos++;
            }
            else if (sign == (byte)'+' || sign == (byte)'-')
            {
                // ±hh:mm, ±hhmm or ±hh.
                if (!TryDigits(s, pos + 1, 2, out int oh))
                {
                    return false;
                }

                int om = 0;
                int rest = s.Length - (pos + 3);
                if (rest == 3 && s[pos + 3] == (byte)':' && TryDigits(s, pos + 4, 2, out om))
                {
                }
                else if (rest == 2 && TryDigits(s, pos + 3, 2, out om))
                {
                }
                else if (rest != 0)
                {
                    return false;
                }

                offsetTicks = ((oh * 60L) + om) * TimeSpan.TicksPerMinute * (sign == (byte)'-' ? -1 : 1);
                pos = s.Length;
            }
            else
            {
                return false;
            }
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - offsetTicks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}
