namespace PredictionSdk.Models.Features.Internal;

/// <summary>US equity regular session, 09:30–16:00 New York time, Monday to Friday (holidays are not modelled).</summary>
internal static class MarketSession
{
    public const double SessionMinutes = 390.0;
    private static readonly TimeZoneInfo NewYork = FindNewYork();

    /// <summary>New York local time of a UTC instant.</summary>
    public static DateTime ToExchangeTime(DateTime utc) =>
        NewYork == TimeZoneInfo.Utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, NewYork);

    /// <summary>True when a bar opening at <paramref name="exchangeTime"/> lies in the regular session; <paramref name="progress"/> is the elapsed fraction.</summary>
    public static bool IsRegular(DateTime exchangeTime, out double progress)
    {
        progress = 0;
        if (exchangeTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        double minutes = exchangeTime.TimeOfDay.TotalMinutes - 570.0; // 09:30
        if (minutes < 0 || minutes >= SessionMinutes)
        {
            return false;
        }

        progress = minutes / SessionMinutes;
        return true;
    }

    private static TimeZoneInfo FindNewYork()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Eastern Standard Time");
        }
    }
}

/// <summary>
/// UTC → New York time for bars in time order: the zone's offset is looked up once per UTC hour (time-zone rules
/// change offsets on whole UTC hours in New York), then applied by tick arithmetic, which is exact.
/// </summary>
internal sealed class ExchangeClock
{
    private long _hour = long.MinValue;
    private long _offsetTicks;

    public DateTime ToExchangeTime(DateTime utc)
    {
        long hour = utc.Ticks / TimeSpan.TicksPerHour;
        if (hour != _hour)
        {
            var first = new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc);
            var last = first.AddTicks(TimeSpan.TicksPerHour - 1);
            long offset = MarketSession.ToExchangeTime(first).Ticks - first.Ticks;
            if (MarketSession.ToExchangeTime(last).Ticks - last.Ticks != offset)
            {
                // A transition inside this hour: convert exactly and cache nothing.
                _hour = long.MinValue;
                return MarketSession.ToExchangeTime(utc);
            }

            _hour = hour;
            _offsetTicks = offset;
        }

        return new DateTime(utc.Ticks + _offsetTicks);
    }
}
