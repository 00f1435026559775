using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class WilliamsRTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_the_fast_stochastic_of_stock_indicators()
    {
        // %R = raw %K(14) − 100; the Stoch spreadsheet holds the raw %K column.
        double?[] rawK = OracleTable.Load("s-z/Stoch/Stoch.Calc.STO_14_3_3_2.csv").Column("K(14)'");
        double?[] expected = rawK.Select(k => k - 100).ToArray();
        IReadOnlyList<WilliamsRResult> results = Quotes.GetWilliamsR(14);

        Approx.Series(expected, results.Select(r => r.WilliamsR).ToArray(), what: "%R(14)");
        Assert.Equal(489, results.Count(r => r.WilliamsR is not null));
        Assert.Equal(-19.8211, Math.Round(results[343].WilliamsR!.Value, 4));
        Assert.Equal(-52.0121, Math.Round(results[501].WilliamsR!.Value, 4));
    }

    [Fact]
    public void Stays_within_bounds_on_the_rounding_regression_quotes()
    {
        Candle[] quotes = SkenderQuotes.Load("s-z/WilliamsR/issue1127quotes.csv", 753);
        IReadOnlyList<WilliamsRResult> results = quotes.GetWilliamsR(14);
        Assert.Equal(753, results.Count);
        Assert.All(results.Skip(13), r => Assert.InRange(r.WilliamsR!.Value, -100, 0));
    }

    [Fact]
    public void Flat_window_gives_minus_100()
    {
        Candle[] candles = Enumerable.Range(0, 5).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), 5, 5, 5, 5, 1)).ToArray();
        Assert.Equal(-100, candles.GetWilliamsR(3)[^1].WilliamsR);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        WilliamsR.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), Quotes.Select(q => q.Close).ToArray(), output, 14);
        Approx.Series(Quotes.GetWilliamsR(14).Select(r => r.WilliamsR).ToArray(), Approx.ToNullable(output), what: "%R span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new WilliamsRIndicator(14), c => c.GetWilliamsR(14), r => [r.WilliamsR], r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new WilliamsRIndicator(14), r => r.WilliamsR);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new WilliamsRIndicator(p), c => c.GetWilliamsR(p), r => [r.WilliamsR], r => r.Timestamp);
    }

    [Property(MaxTest = 100)]
    public void Values_stay_within_minus_100_and_0(int seed, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, 200, flatChance: 0.3);
        Assert.All(candles.GetWilliamsR(p), r => Assert.True(r.WilliamsR is null || r.WilliamsR is >= -100 and <= 0, $"{r.WilliamsR}"));
        var streaming = new WilliamsRIndicator(p);
        foreach (Candle c in candles)
        {
            double? preview = streaming.Preview(RandomCandles.Revise(c, 1.003)).WilliamsR;
            Assert.True(preview is null || preview is >= -100 and <= 0, $"preview {preview}");
            streaming.Add(c);
        }
    }

    [Fact]
    public void Fewer_bars_than_the_period_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(13).GetWilliamsR(14), r => Assert.Null(r.WilliamsR));
        Assert.Empty(Array.Empty<Candle>().GetWilliamsR());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_period_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetWilliamsR(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new WilliamsRIndicator(period)).ParamName);
    }

    [Fact]
    public void NaN_high_poisons_the_windows_that_hold_it_and_clears_after()
    {
        Candle[] candles = RandomCandles.Walk(5, 40);
        candles[10] = candles[10] with { High = double.NaN };
        IReadOnlyList<WilliamsRResult> results = candles.GetWilliamsR(5);
        Assert.NotNull(results[9].WilliamsR);
        Assert.All(results.Skip(10).Take(5), r => Assert.Null(r.WilliamsR));
        Assert.NotNull(results[15].WilliamsR);
    }
}
