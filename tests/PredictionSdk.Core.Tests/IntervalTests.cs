using FsCheck.Xunit;

namespace PredictionSdk.Core.Tests;

public class IntervalTests
{
    [Theory]
    [InlineData("1m", 1)]
    [InlineData("3m", 3)]
    [InlineData("5M", 5)]
    [InlineData("15m", 15)]
    [InlineData("30m", 30)]
    [InlineData("1h", 60)]
    [InlineData("60m", 60)]
    [InlineData("4h", 240)]
    [InlineData(" 1d ", 1440)]
    public void Parse_reads_supported_names(string text, int minutes)
    {
        Assert.Equal(minutes, Interval.Parse(text).Minutes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2m")]
    [InlineData("1w")]
    [InlineData("m")]
    [InlineData("-1m")]
    [InlineData("1.5h")]
    public void Parse_rejects_unsupported_names_with_the_text_in_the_message(string text)
    {
        var error = Assert.Throws<FormatException>(() => Interval.Parse(text));
        Assert.Contains($"'{text.Trim()}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_round_trips_through_Parse()
    {
        foreach (var interval in Interval.All)
        {
            Assert.Equal(interval, Interval.Parse(interval.ToString()));
        }
    }

    [Property]
    public bool Floor_is_aligned_and_not_after_the_time(int minutesSinceEpoch, byte seconds)
    {
        var time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(minutesSinceEpoch % 5_000_000).AddSeconds(seconds % 60);
        foreach (var interval in Interval.All)
        {
            var floor = interval.Floor(time);
            if (floor > time || time - floor >= interval.Duration || !interval.IsAligned(floor))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Daily_bars_start_at_midnight_utc()
    {
        var time = new DateTime(2024, 3, 5, 17, 42, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2024, 3, 5, 0, 0, 0, DateTimeKind.Utc), Interval.OneDay.Floor(time));
        Assert.Equal(new DateTime(2024, 3, 5, 16, 0, 0, DateTimeKind.Utc), Interval.FourHours.Floor(time));
    }
}
