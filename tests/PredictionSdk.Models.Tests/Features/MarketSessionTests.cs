using PredictionSdk.Models.Features.Internal;

namespace PredictionSdk.Models.Tests.Features;

public class MarketSessionTests
{
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
}
