using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class CciTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_the_values_stock_indicators_asserts()
    {
        // No spreadsheet ships for CCI: the suite asserts these (rounded) values; TA-Lib checks every row to 1e-9.
        IReadOnlyList<CciResult> results = Quotes.GetCci(20);
        Assert.Equal(502, results.Count);
        Assert.Equal(483, results.Count(r => r.Cci is not null));
        Assert.Null(results[18].Cci);
        Assert.Equal(-52.9946, Math.Round(results[501].Cci!.Value, 4));
    }

    [Fact]
    public void Matches_the_definition_computed_in_decimal()
    {
        IReadOnlyList<CciResult> results = Quotes.GetCci(20);
        for (int i = 19; i < Quotes.Length; i++)
        {
            decimal[] tp = Quotes[(i - 19)..(i + 1)].Select(q => ((decimal)q.High + (decimal)q.Low + (decimal)q.Close) / 3m).ToArray();
            decimal mean = tp.Average();
            decimal deviation = tp.Select(x => Math.Abs(x - mean)).Average();
            double expected = (double)((tp[^1] - mean) / (0.015m * deviation));
            Assert.True(Approx.Close(expected, results[i].Cci), $"row {i}: expected {expected}, got {results[i].Cci}");
        }
    }

    [Fact]
    public void Flat_window_has_no_value()
    {
        Candle[] candles = Enumerable.Range(0, 25).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), 5, 5, 5, 5, 1)).ToArray();
        Assert.All(candles.GetCci(20), r => Assert.Null(r.Cci));
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Cci.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), Quotes.Select(q => q.Close).ToArray(), output, 20);
        Approx.Series(Quotes.GetCci(20).Select(r => r.Cci).ToArray(), Approx.ToNullable(output), what: "CCI span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new CciIndicator(20), c => c.GetCci(20), r => [r.Cci], r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new CciIndicator(20), r => r.Cci);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new CciIndicator(p), c => c.GetCci(p), r => [r.Cci], r => r.Timestamp);
    }

    [Fact]
    public void Fewer_bars_than_the_period_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(19).GetCci(20), r => Assert.Null(r.Cci));
        Assert.Empty(Array.Empty<Candle>().GetCci());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_period_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetCci(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new CciIndicator(period)).ParamName);
    }

    [Fact]
    public void NaN_poisons_the_windows_that_hold_it_and_clears_after()
    {
        Candle[] candles = RandomCandles.Walk(3, 40);
        candles[10] = candles[10] with { Close = double.NaN };
        IReadOnlyList<CciResult> results = candles.GetCci(5);
        Assert.NotNull(results[9].Cci);
        Assert.All(results.Skip(10).Take(5), r => Assert.Null(r.Cci));
        Assert.NotNull(results[15].Cci);
    }
}
