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
