namespace PredictionSdk.Data.Validation;

/// <summary>Finds missing bars between consecutive timestamps, continuously or inside trading sessions.</summary>
internal static class GapFinder
{
    public static List<MissingRange> Find(IEnumerable<DateTime> ascending, CandleValidationOptions options, out int ignoredGaps, out int closedSessions)
    {
        ignoredGaps = 0;
        closedSessions = 0;
        var gaps = new List<MissingRange>();
        long step = options.Interval.Duration.Ticks;
        DateTime? previous = null;
        foreach (var time in ascending)
        {
            if (previous is { } prev && time.Ticks - prev.Ticks > step)
            {
                var first = new DateTime(prev.Ticks + step, DateTimeKind.Utc);
                var last = new DateTime(time.Ticks - step, DateTimeKind.Utc);
                if (options.IgnoreGapsLongerThan is { } limit && (time - prev) - options.Interval.Duration > limit)
                {
                    ignoredGaps++;
                }
                else if (options.UsesSessions)
                {
                    closedSessions += AddSessionRanges(first, last, options, gaps);
                }
                else
                {
                    gaps.Add(new MissingRange(first, last, ((last.Ticks - first.Ticks) / step) + 1));
                }
            }

            previous = time;
        }

        return gaps;
    }

    // Keeps only in-session missing bars; a local date whose whole session is missing is a closure (holiday).
    private static int AddSessionRanges(DateTime first, DateTime last, CandleValidationOptions options, List<MissingRange> gaps)
    {
        var session = options.Session;
        var step = options.Interval.Duration;
        int fullSession = session.BarsPerSession(options.Interval);
        var missingByDate = new List<(DateOnly Date, List<DateTime> Bars)>();
        for (var t = first; t <= last; t += step)
        {
            if (!session.Contains(t))
            {
                continue;
            }

            var date = session.LocalDate(t);
            if (missingByDate.Count == 0 || missingByDate[^1].Date != date)
            {
                missingByDate.Add((date, new List<DateTime>()));
            }

            missingByDate[^1].Bars.Add(t);
        }

        int closed = 0;
        DateTime? start = null, end = null;
        long count = 0;
        foreach (var (_, bars) in missingByDate)
        {
            if (bars.Count >= fullSession)
            {
                closed++;
                Flush();
                continue;
            }

            foreach (var bar in bars)
            {
                if (end is { } e && bar - e == step)
                {
                    end = bar;
                    count++;
                }
                else
                {
                    Flush();
                    start = end = bar;
                    count = 1;
                }
            }
        }

        Flush();
        return closed;

        void Flush()
        {
            if (start is { } s && end is { } e2)
            {
                gaps.Add(new MissingRange(s, e2, count));
            }

            start = end = null;
            count = 0;
        }
    }
}
