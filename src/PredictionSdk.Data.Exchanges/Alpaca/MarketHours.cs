namespace PredictionSdk.Data.Exchanges.Alpaca;

/// <summary>
/// US equity trading hours in New York time, Monday to Friday: the regular session 09:30–16:00, or 04:00–20:00 with
/// extended hours. Exchange holidays are not modelled: a holiday gap costs one REST call that finds no bars.
/// </summary>
public sealed class MarketHours
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly TimeSpan _open;
    private readonly TimeSpan _close;

    /// <summary>Creates the calendar.</summary>
    public MarketHours(bool extendedHours = false)
    {
        _open = extendedHours ? TimeSpan.FromHours(4) : new TimeSpan(9, 30, 0);
        _close = extendedHours ? TimeSpan.FromHours(20) : TimeSpan.FromHours(16);
    }

    /// <summary>True when the market is trading at <paramref name="utc"/>.</summary>
    public bool IsOpen(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), NewYork);
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.TimeOfDay >= _open && local.TimeOfDay < _close;
    }

    /// <summary>True when some trading time lies in [<paramref name="from"/>, <paramref name="to"/>) (UTC).</summary>
    public bool Overlaps(DateTime from, DateTime to)
    {
        var day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(from, DateTimeKind.Utc), NewYork).Date;
        var lastDay = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(to, DateTimeKind.Utc), NewYork).Date;
        for (; day <= lastDay; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            DateTime open = TimeZoneInfo.ConvertTimeToUtc(day + _open, NewYork);
            DateTime close = TimeZoneInfo.ConvertTimeToUtc(day + _close, NewYork);
            if (open < to && close > from)
            {
                return true;
            }
        }

        return false;
    }
}
