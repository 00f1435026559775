using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictionSdk.Models.Features.Internal;

namespace PredictionSdk.Models.Tests.Features;

public class RollingStatisticsTests
{
    [Property(MaxTest = 60)]
    public Property Window_statistics_equal_a_straight_recomputation_in_the_same_order(PositiveInt seed, PositiveInt capacitySeed, PositiveInt lengthSeed)
    {
        var random = new Random(seed.Get);
        int capacity = 1 + (capacitySeed.Get % 70);
        int length = lengthSeed.Get % 200;
        var ring = new RollingWindow(capacity);
        var all = new List<double>();
        for (int i = 0; i < length; i++)
        {
            double x = Math.Round((random.NextDouble() - 0.5) * 1e-3, random.Next(3, 12));
            ring.Add(x);
            all.Add(x);
        }

        bool same = ring.Count == Math.Min(length, capacity);
        for (int n = 1; n <= ring.Count; n++)
        {
            var newest = all.Skip(all.Count - n).ToArray();
            same &= Exactly(ring, newest, n);
        }

        // A copy taken into a ring that held more values behaves like the original.
        var other = new RollingWindow(capacity);
        for (int i = 0; i < capacity + 3; i++)
        {
            other.Add(random.NextDouble());
        }

        other.CopyFrom(ring);
        same &= other.Count == ring.Count;
        for (int n = 1; n <= ring.Count; n++)
        {
            same &= other.Sum(n) == ring.Sum(n) && other.Moments(n) == ring.Moments(n) && other[n - 1] == ring[n - 1];
        }

        return same.ToProperty();
    }

    [Fact]
    public void Exchange_clock_matches_the_time_zone_conversion_across_daylight_saving_changes()
    {
        var clock = new ExchangeClock();
        var starts = new[]
        {
            new DateTime(2024, 3, 10, 5, 0, 0, DateTimeKind.Utc),
            new DateTime(2024, 11, 3, 4, 0, 0, DateTimeKind.Utc),
            new DateTime(2025, 3, 9, 5, 0, 0, DateTimeKind.Utc),
            new DateTime(2025, 5, 30, 13, 0, 0, DateTimeKind.Utc),
        };
        foreach (var start in starts)
        {
            // Four hours minute by minute, then a few odd instants (seconds, ticks) in the same range.
            for (int m = 0; m < 240; m++)
            {
                var utc = start.AddMinutes(m);
                Assert.Equal(MarketSession.ToExchangeTime(utc).Ticks, clock.ToExchangeTime(utc).Ticks);
            }

            foreach (long ticks in new[] { 1L, 599_999_999L, TimeSpan.TicksPerHour - 1, (2 * TimeSpan.TicksPerHour) + 12_345 })
            {
                var utc = start.AddTicks(ticks);
                Assert.Equal(MarketSession.ToExchangeTime(utc).Ticks, clock.ToExchangeTime(utc).Ticks);
            }
        }
    }

    private static bool Exactly(RollingWindow ring, double[] newest, int n)
    {
        double sum = 0;
        foreach (double x in newest)
        {
            sum += x;
        }

        double mean = sum / n, m2 = 0, m3 = 0, mad = 0;
        foreach (double x in newest)
        {
            double d = x - mean;
            m2 += d * d;
            m3 += d * d * d;
            mad += Math.Abs(x - mean);
        }

        double std = Math.Sqrt(m2 / n);
        var moments = ring.Moments(n);
        return ring.Sum(n) == sum
            && ring.Mean(n) == mean
            && ring.Std(n) == std
            && ring.MeanStd(n) == (mean, std)
            && moments.Mean == mean && moments.Std == std
            && ring.MeanAbsoluteDeviation(n, mean) == mad / n
            && ring.Max(n) == newest.Max()
            && ring.Min(n) == newest.Min()
            && ring[n - 1] == newest[0];
    }
}
