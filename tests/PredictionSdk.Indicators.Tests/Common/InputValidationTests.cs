namespace PredictionSdk.Indicators.Tests;

public class InputValidationTests
{
    private static Candle Bar(int minute, double close = 10) =>
        new(RandomCandles.Start.AddMinutes(minute), close, close, close, close, 1);

    [Fact]
    public void Unsorted_batch_input_names_the_index_and_timestamps()
    {
        Candle[] candles = [Bar(0), Bar(2), Bar(1)];
        var error = Assert.Throws<CandleOrderException>(() => candles.GetSma(2));
        Assert.Equal(2, error.Index);
        Assert.Equal(candles[2].Timestamp, error.Timestamp);
        Assert.Equal(candles[1].Timestamp, error.PreviousTimestamp);
        Assert.False(error.IsDuplicate);
        Assert.Contains("candle 2", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CandleValidationException>(error);
    }

    [Fact]
    public void Duplicate_timestamps_are_rejected()
    {
        List<Candle> candles = [Bar(0), Bar(1), Bar(1)];
        var error = Assert.Throws<CandleOrderException>(() => candles.GetSma(2));
        Assert.True(error.IsDuplicate);
        Assert.Contains("repeats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_rejects_an_old_bar_and_keeps_its_state()
    {
        var sma = new SmaIndicator(2);
        sma.Add(Bar(0, 1));
        sma.Add(Bar(1, 3));
        Assert.Throws<CandleOrderException>(() => sma.Add(Bar(1, 100)));
        Assert.Throws<CandleOrderException>(() => sma.Preview(Bar(0, 100)));
        Assert.Equal(2, sma.Count);
        Assert.Equal(4, sma.Add(Bar(2, 5)).Sma);
    }

    [Fact]
    public void Null_input_is_rejected() =>
        Assert.Throws<ArgumentNullException>(() => ((IEnumerable<Candle>)null!).GetSma());

    [Fact]
    public void Any_enumerable_is_accepted()
    {
        IEnumerable<Candle> lazy = Enumerable.Range(0, 5).Select(i => Bar(i, i));
        Assert.Equal(3, lazy.GetSma(3)[^1].Sma);
    }
}
