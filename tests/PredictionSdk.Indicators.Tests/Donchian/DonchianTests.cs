using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class DonchianTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("a-d/Donchian/Donchian.Calc.Donchian.csv");
        IReadOnlyList<DonchianResult> results = Quotes.GetDonchian(20);

        Approx.Series(table.Column("Upper").Take(502).ToArray(), results.Select(r => r.UpperBand).ToArray(), what: "upper(20)");
        Approx.Series(table.Column("Center").Take(502).ToArray(), results.Select(r => r.Centerline).ToArray(), what: "center(20)");
        Approx.Series(table.Column("Lower").Take(502).ToArray(), results.Select(r => r.LowerBand).ToArray(), what: "lower(20)");
        Approx.Series(table.Column("Width").Take(502).ToArray(), results.Select(r => r.Width).ToArray(), what: "width(20)");
        Assert.Null(results[19].UpperBand);
        Assert.NotNull(results[20].UpperBand);
    }

    [Fact]
    public void The_current_bar_is_not_part_of_its_own_channel()
    {
        Candle[] candles = RandomCandles.Walk(1, 30);
        candles[25] = candles[25] with { High = 1e9 };
        IReadOnlyList<DonchianResult> results = candles.GetDonchian(5);
        Assert.NotEqual(1e9, results[25].UpperBand);
        Assert.Equal(1e9, results[26].UpperBand);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        int n = Quotes.Length;
        double[] upper = new double[n], center = new double[n], lower = new double[n];
        Donchian.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), upper, center, lower, 20);
        IReadOnlyList<DonchianResult> batch = Quotes.GetDonchian(20);
        Approx.Series(batch.Select(r => r.UpperBand).ToArray(), Approx.ToNullable(upper), what: "upper span");
        Approx.Series(batch.Select(r => r.Centerline).ToArray(), Approx.ToNullable(center), what: "center span");
        Approx.Series(batch.Select(r => r.LowerBand).ToArray(), Approx.ToNullable(lower), what: "lower span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new DonchianIndicator(20), c => c.GetDonchian(20), Columns, r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new DonchianIndicator(20), r => r.UpperBand);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new DonchianIndicator(p), c => c.GetDonchian(p), Columns, r => r.Timestamp);
    }

    [Property(MaxTest = 100)]
    public void Upper_is_never_below_lower(int seed, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        foreach (DonchianResult r in RandomCandles.Walk(seed, 200, flatChance: 0.3).GetDonchian(p))
        {
            Assert.True(r.UpperBand is null || (r.UpperBand >= r.Centerline && r.Centerline >= r.LowerBand), $"{r}");
        }
    }

    [Fact]
    public void Fewer_bars_than_the_warmup_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(20).GetDonchian(20), r => Assert.Null(r.UpperBand));
        Assert.Empty(Array.Empty<Candle>().GetDonchian());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_period_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetDonchian(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new DonchianIndicator(period)).ParamName);
    }

    [Fact]
    public void NaN_low_poisons_the_windows_that_hold_it_and_clears_after()
    {
        Candle[] candles = RandomCandles.Walk(17, 40);
        candles[10] = candles[10] with { Low = double.NaN };
        IReadOnlyList<DonchianResult> results = candles.GetDonchian(5);
        Assert.NotNull(results[10].LowerBand);
        Assert.All(results.Skip(11).Take(5), r => Assert.Null(r.LowerBand));
        Assert.NotNull(results[16].LowerBand);
        Assert.NotNull(results[12].UpperBand);
    }

    private static double?[] Columns(DonchianResult r) => [r.UpperBand, r.Centerline, r.LowerBand, r.Width];
}
