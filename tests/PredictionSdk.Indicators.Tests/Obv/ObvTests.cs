using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class ObvTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("m-r/Obv/Obv.Calc.OBV.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<ObvResult> results = Quotes.GetObv();
        Oracle.AssertColumn(table, "obv", results.Select(r => r.Obv).ToArray(), skip: 1);
        Assert.Equal(0, results[0].Obv);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Obv.Compute(Quotes.Select(q => q.Close).ToArray(), Quotes.Select(q => q.Volume).ToArray(), output);
        Approx.Series(Quotes.GetObv().Select(r => r.Obv).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new ObvIndicator(), c => c.GetObv(), r => [r.Obv], r => r.Timestamp);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length) =>
        StreamingConformance.Check(RandomCandles.Walk(seed, length, flatChance: 0.3), () => new ObvIndicator(), c => c.GetObv(), r => [r.Obv], r => r.Timestamp);
}
