using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class AtrTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    private static double?[] Columns(AtrResult r) => [r.Tr, r.Atr, r.Atrp];

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("a-d/Atr/Atr.Calc.ATR.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<AtrResult> results = Quotes.GetAtr(14);
        Oracle.AssertColumn(table, "TR", results.Select(r => r.Tr).ToArray());
        Oracle.AssertColumn(table, "ATR", results.Select(r => r.Atr).ToArray());
        Oracle.AssertColumn(table, "ATR%", results.Select(r => r.Atrp).ToArray());
        Assert.Null(results[13].Atr);
        Assert.NotNull(results[14].Atr);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Atr.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), Quotes.Select(q => q.Close).ToArray(), output, 14);
        Approx.Series(Quotes.GetAtr(14).Select(r => r.Atr).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new AtrIndicator(14), c => c.GetAtr(14), Columns, r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new AtrIndicator(14), r => r.Atr);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new AtrIndicator(p), c => c.GetAtr(p), Columns, r => r.Timestamp);
        Assert.All(candles.GetAtr(p), r => Assert.True((r.Atr ?? 0) >= 0));
    }

    [Fact]
    public void Invalid_period_is_rejected() =>
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetAtr(0)).ParamName);
}
