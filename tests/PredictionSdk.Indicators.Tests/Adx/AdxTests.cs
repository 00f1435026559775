using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class AdxTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("a-d/Adx/Adx.Calc.ADX.csv");
        IReadOnlyList<AdxResult> results = Quotes.GetAdx(14);

        Approx.Series(table.Column("+DI14"), results.Select(r => r.Pdi).ToArray(), what: "+DI(14)");
        Approx.Series(table.Column("-DI14"), results.Select(r => r.Mdi).ToArray(), what: "-DI(14)");
        Approx.Series(table.Column("ADX"), results.Select(r => r.Adx).ToArray(), what: "ADX(14)");
        Approx.Series(table.Column("ADXR"), results.Select(r => r.Adxr).ToArray(), what: "ADXR(14)");
        Assert.Equal(Quotes.Select(q => q.Timestamp), results.Select(r => r.Timestamp));

        // Counts and spot values the library's own suite asserts.
        Assert.Equal(475, results.Count(r => r.Adx is not null));
        Assert.Equal(462, results.Count(r => r.Adxr is not null));
        Assert.Null(results[13].Pdi);
        Assert.Equal(21.0361, Math.Round(results[19].Pdi!.Value, 4));
        Assert.Null(results[26].Adx);
        Assert.Equal(19.7949, Math.Round(results[29].Adx!.Value, 4));
        Assert.Null(results[39].Adxr);
        Assert.Equal(29.1062, Math.Round(results[40].Adxr!.Value, 4));
        Assert.Equal(34.2987, Math.Round(results[501].Adx!.Value, 4));
    }

    [Fact]
    public void Flat_stretches_give_no_NaN()
    {
        // Zero-volume intraday bars with long runs of unchanged highs and lows (+DM = −DM = 0).
        Candle[] quotes = SkenderQuotes.Load("a-d/Adx/issue859quotes.csv", 595);
        IReadOnlyList<AdxResult> results = quotes.GetAdx(14);

        Assert.Equal(595, results.Count);
        Assert.DoesNotContain(results, r => r.Adx is double v && double.IsNaN(v));
        Assert.All(results.Skip(Adx.WarmupPeriods(14)), r => Assert.NotNull(r.Adx));
    }

    [Fact]
    public void All_zero_prices_give_no_values()
    {
        Candle[] zeros = SkenderQuotes.Load("_common/data/zeros.csv", 200);
        IReadOnlyList<AdxResult> results = zeros.GetAdx(14);
        Assert.Equal(200, results.Count);
        Assert.All(results, r => Assert.Null(r.Adx));
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] high = Quotes.Select(q => q.High).ToArray();
        double[] low = Quotes.Select(q => q.Low).ToArray();
        double[] close = Quotes.Select(q => q.Close).ToArray();
        double[] adx = new double[Quotes.Length], pdi = new double[Quotes.Length], mdi = new double[Quotes.Length];
        Adx.Compute(high, low, close, adx, pdi, mdi, 14);
        IReadOnlyList<AdxResult> batch = Quotes.GetAdx(14);
        Approx.Series(batch.Select(r => r.Adx).ToArray(), Approx.ToNullable(adx), what: "ADX span");
        Approx.Series(batch.Select(r => r.Pdi).ToArray(), Approx.ToNullable(pdi), what: "+DI span");
        Approx.Series(batch.Select(r => r.Mdi).ToArray(), Approx.ToNullable(mdi), what: "-DI span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new AdxIndicator(14), c => c.GetAdx(14), Columns, r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new AdxIndicator(14), r => r.Adx);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 20) + 2;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new AdxIndicator(p), c => c.GetAdx(p), Columns, r => r.Timestamp);
    }

    [Property(MaxTest = 60)]
    public void Values_stay_within_0_and_100(int seed, PositiveInt period)
    {
        int p = (period.Get % 20) + 2;
        foreach (AdxResult r in RandomCandles.Walk(seed, 300, flatChance: 0.3).GetAdx(p))
        {
            foreach (double? v in new[] { r.Pdi, r.Mdi, r.Adx, r.Adxr })
            {
                Assert.True(v is null || (v >= 0 && v <= 100), $"{v} outside [0, 100]");
            }
        }
    }

    [Fact]
    public void Fewer_bars_than_the_warmup_give_warmup_rows_only()
    {
        IReadOnlyList<AdxResult> results = Quotes.Take(27).GetAdx(14);
        Assert.Equal(27, results.Count);
        Assert.All(results, r => Assert.Null(r.Adx));
        Assert.Empty(Array.Empty<Candle>().GetAdx());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Period_below_two_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetAdx(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new AdxIndicator(period)).ParamName);
    }

    [Fact]
    public void NaN_input_propagates_through_the_smoothing()
    {
        Candle[] candles = RandomCandles.Walk(7, 80);
        candles[40] = candles[40] with { High = double.NaN };
        IReadOnlyList<AdxResult> results = candles.GetAdx(5);
        Assert.NotNull(results[39].Adx);
        Assert.All(results.Skip(40), r => Assert.Null(r.Adx));
    }

    private static double?[] Columns(AdxResult r) => [r.Pdi, r.Mdi, r.Adx, r.Adxr];
}
