using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class MacdTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    private static double?[] Columns(MacdResult r) => [r.Macd, r.Signal, r.Histogram, r.FastEma, r.SlowEma];

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("m-r/Macd/Macd.Calc.MACD.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<MacdResult> results = Quotes.GetMacd();
        Oracle.AssertColumn(table, "MACD", results.Select(r => r.Macd).ToArray());
        Oracle.AssertColumn(table, "Signal", results.Select(r => r.Signal).ToArray());
        Oracle.AssertColumn(table, "Histo", results.Select(r => r.Histogram).ToArray());
        Oracle.AssertColumn(table, "EMA12", results.Select(r => r.FastEma).ToArray());
        Oracle.AssertColumn(table, "EMA26", results.Select(r => r.SlowEma).ToArray());
        Assert.Null(results[24].Macd);
        Assert.NotNull(results[25].Macd);
        Assert.Null(results[32].Signal);
        Assert.NotNull(results[33].Signal);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        int n = Quotes.Length;
        double[] macd = new double[n], signal = new double[n], histogram = new double[n];
        Macd.Compute(Quotes.Select(q => q.Close).ToArray(), macd, signal, histogram);
        IReadOnlyList<MacdResult> batch = Quotes.GetMacd();
        Approx.Series(batch.Select(r => r.Macd).ToArray(), Approx.ToNullable(macd));
        Approx.Series(batch.Select(r => r.Signal).ToArray(), Approx.ToNullable(signal));
        Approx.Series(batch.Select(r => r.Histogram).ToArray(), Approx.ToNullable(histogram));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new MacdIndicator(), c => c.GetMacd(), Columns, r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new MacdIndicator(), r => r.Macd);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt fast)
    {
        int f = (fast.Get % 10) + 1;
        int s = f + 1 + (seed & 7);
        StreamingConformance.Check(RandomCandles.Walk(seed, length), () => new MacdIndicator(f, s, 4), c => c.GetMacd(f, s, 4), Columns, r => r.Timestamp);
    }

    [Fact]
    public void Invalid_periods_are_rejected()
    {
        Assert.Equal("fastPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetMacd(0)).ParamName);
        Assert.Equal("signalPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => new MacdIndicator(12, 26, 0)).ParamName);
        Assert.Equal("slowPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetMacd(26, 12)).ParamName);
    }
}
