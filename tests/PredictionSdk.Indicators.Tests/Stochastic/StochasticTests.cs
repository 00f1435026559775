using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class StochasticTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    private static double?[] Columns(StochasticResult r) => [r.K, r.D, r.J];

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("s-z/Stoch/Stoch.Calc.STO_14_3_3_2.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<StochasticResult> results = Quotes.GetStoch(14, 3, 3);
        Oracle.AssertColumn(table, "%K", results.Select(r => r.K).ToArray());
        Oracle.AssertColumn(table, "%D", results.Select(r => r.D).ToArray());
        Oracle.AssertColumn(table, "%J", results.Select(r => r.J).ToArray());
        Assert.Null(results[14].K);
        Assert.NotNull(results[15].K);
        Assert.Null(results[16].D);
        Assert.NotNull(results[17].D);
    }

    [Fact]
    public void Fast_stochastic_is_the_raw_oscillator()
    {
        var table = OracleTable.Load("s-z/Stoch/Stoch.Calc.STO_14_3_3_2.csv");
        Oracle.AssertColumn(table, "K(14)'", Quotes.GetStoch(14, 3, 1).Select(r => r.K).ToArray());
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        int n = Quotes.Length;
        double[] k = new double[n], d = new double[n];
        Stochastic.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), Quotes.Select(q => q.Close).ToArray(), k, d);
        IReadOnlyList<StochasticResult> batch = Quotes.GetStoch();
        Approx.Series(batch.Select(r => r.K).ToArray(), Approx.ToNullable(k));
        Approx.Series(batch.Select(r => r.D).ToArray(), Approx.ToNullable(d));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new StochasticIndicator(), c => c.GetStoch(), Columns, r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new StochasticIndicator(), r => r.K);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_and_K_stays_within_0_and_100(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 20) + 1;
        int smooth = (seed & 3) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length, flatChance: 0.4);
        StreamingConformance.Check(candles, () => new StochasticIndicator(p, 3, smooth), c => c.GetStoch(p, 3, smooth), Columns, r => r.Timestamp);
        Assert.All(candles.GetStoch(p, 3, smooth), r =>
        {
            Assert.InRange(r.K ?? 50, -1e-9, 100 + 1e-9);
            Assert.InRange(r.D ?? 50, -1e-9, 100 + 1e-9);
        });
    }

    [Fact]
    public void Zero_range_gives_zero()
    {
        Candle[] flat = Enumerable.Range(0, 10).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), 5, 5, 5, 5, 1)).ToArray();
        Assert.Equal(0, flat.GetStoch(3, 1, 1)[^1].K);
    }

    [Fact]
    public void NaN_clears_after_it_leaves_every_window()
    {
        Candle[] candles = RandomCandles.Walk(7, 40);
        candles[10] = candles[10] with { High = double.NaN };
        IReadOnlyList<StochasticResult> results = candles.GetStoch(5, 3, 3);
        Assert.NotNull(results[9].K);
        Assert.Null(results[10].K);
        Assert.Null(results[16].K);
        Assert.NotNull(results[17].K);
    }

    [Fact]
    public void Invalid_periods_are_rejected()
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetStoch(0)).ParamName);
        Assert.Equal("signalPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => new StochasticIndicator(14, 0)).ParamName);
        Assert.Equal("smoothPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetStoch(14, 3, -1)).ParamName);
    }
}
