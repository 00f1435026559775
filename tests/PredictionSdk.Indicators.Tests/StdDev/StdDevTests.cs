using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class StdDevTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    private static double?[] Columns(StdDevResult r) => [r.StdDev, r.Mean, r.ZScore];

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        // The reference spreadsheet uses a 10-bar window.
        var table = OracleTable.Load("s-z/StdDev/StdDev.Calc.StdDev.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<StdDevResult> results = Quotes.GetStdDev(10);
        Oracle.AssertColumn(table, "stddev", results.Select(r => r.StdDev).ToArray());
        Oracle.AssertColumn(table, "mean", results.Select(r => r.Mean).ToArray());
        Oracle.AssertColumn(table, "zscore", results.Select(r => r.ZScore).ToArray());
    }

    [Fact]
    public void Equals_the_bollinger_sigma()
    {
        var table = OracleTable.Load("a-d/BollingerBands/BollingerBands.Calc.Bollinger_Bands.csv");
        Oracle.AssertColumn(table, "stdev", Quotes.GetStdDev(20).Select(r => r.StdDev).ToArray(), 1e-8);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        StdDev.Compute(Quotes.Select(q => q.Close).ToArray(), output, 20);
        Approx.Series(Quotes.GetStdDev(20).Select(r => r.StdDev).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new StdDevIndicator(20), c => c.GetStdDev(20), Columns, r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new StdDevIndicator(20), r => r.StdDev);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_and_two_pass_definition(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length, flatChance: 0.3);
        StreamingConformance.Check(candles, () => new StdDevIndicator(p), c => c.GetStdDev(p), Columns, r => r.Timestamp, 1e-8);
        IReadOnlyList<StdDevResult> results = candles.GetStdDev(p);
        for (int i = p - 1; i < candles.Length; i++)
        {
            double mean = candles.Skip(i - p + 1).Take(p).Average(c => c.Close);
            double sd = Math.Sqrt(candles.Skip(i - p + 1).Take(p).Sum(c => (c.Close - mean) * (c.Close - mean)) / p);
            Assert.True(Math.Abs(sd - results[i].StdDev!.Value) <= 1e-9 * mean, $"row {i}: {sd} vs {results[i].StdDev}");
        }
    }

    [Fact]
    public void Long_streams_do_not_drift()
    {
        Candle[] candles = RandomCandles.Walk(3, 20_000);
        IReadOnlyList<StdDevResult> results = candles.GetStdDev(20);
        for (int i = 19_000; i < candles.Length; i += 97)
        {
            double mean = candles.Skip(i - 19).Take(20).Average(c => c.Close);
            double sd = Math.Sqrt(candles.Skip(i - 19).Take(20).Sum(c => (c.Close - mean) * (c.Close - mean)) / 20);
            Assert.True(Approx.Close(sd, results[i].StdDev, 1e-8), $"row {i}: {sd} vs {results[i].StdDev}");
        }
    }

    [Fact]
    public void A_flat_window_has_exactly_zero_deviation_and_no_z_score()
    {
        Candle[] candles = Enumerable.Range(0, 30).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), 1, 1, 1, i < 10 ? 42_000.1 + i : 42_017.3, 1)).ToArray();
        StdDevResult last = candles.GetStdDev(20)[^1];
        Assert.Equal(0, last.StdDev);
        Assert.Null(last.ZScore);
        Assert.Null(candles.GetBollingerBands(20)[^1].PercentB);
    }

    [Fact]
    public void NaN_poisons_the_windows_that_hold_it_and_clears_after()
    {
        double[] values = [1, 2, 3, double.NaN, 5, 6, 7];
        double[] output = new double[values.Length];
        StdDev.Compute(values, output, 2);
        Assert.Equal(0.5, output[1], 12);
        Assert.True(double.IsNaN(output[3]) && double.IsNaN(output[4]));
        Assert.Equal(0.5, output[5], 12);
    }
}
