using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class SmaTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        double?[] expected = OracleTable.Load("s-z/Sma/Sma.Data.csv").Column("sma");
        IReadOnlyList<SmaResult> results = Quotes.GetSma(20);

        Approx.Series(expected, results.Select(r => r.Sma).ToArray(), what: "SMA(20)");
        Assert.Null(results[18].Sma);
        Assert.NotNull(results[19].Sma);
        Assert.Equal(Quotes.Select(q => q.Timestamp), results.Select(r => r.Timestamp));
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] close = Quotes.Select(q => q.Close).ToArray();
        double[] output = new double[close.Length];
        Sma.Compute(close, output, 20);
        Approx.Series(Quotes.GetSma(20).Select(r => r.Sma).ToArray(), Approx.ToNullable(output), what: "SMA span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new SmaIndicator(20), c => c.GetSma(20), r => [r.Sma], r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new SmaIndicator(20), r => r.Sma);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new SmaIndicator(p), c => c.GetSma(p), r => [r.Sma], r => r.Timestamp);
    }

    [Fact]
    public void Fewer_bars_than_the_period_give_warmup_rows_only()
    {
        IReadOnlyList<SmaResult> results = Quotes.Take(5).GetSma(20);
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Null(r.Sma));
        Assert.Empty(Array.Empty<Candle>().GetSma(20));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Non_positive_period_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetSma(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new SmaIndicator(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Sma.Compute([1.0], new double[1], period)).ParamName);
    }

    [Fact]
    public void Short_output_span_is_rejected() =>
        Assert.Throws<ArgumentException>(() => Sma.Compute([1.0, 2.0, 3.0], new double[2], 2));

    [Fact]
    public void NaN_poisons_the_windows_that_hold_it_and_clears_after()
    {
        double[] close = [1, 2, 3, double.NaN, 5, 6, 7, 8];
        double[] output = new double[close.Length];
        Sma.Compute(close, output, 3);
        Assert.Equal([double.NaN, double.NaN, 2, double.NaN, double.NaN, double.NaN, 6, 7], output);

        Candle[] candles = close.Select((c, i) => new Candle(RandomCandles.Start.AddMinutes(i), c, c, c, c, 1)).ToArray();
        var streaming = new SmaIndicator(3);
        Assert.Equal([null, null, 2, null, null, null, 6, 7], candles.Select(c => streaming.Add(c).Sma).ToArray());
    }
}
