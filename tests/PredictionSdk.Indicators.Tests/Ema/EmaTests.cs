using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class EmaTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("e-k/Ema/Ema.Calc.EMA.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<EmaResult> results = Quotes.GetEma(20);
        Oracle.AssertColumn(table, "ema", results.Select(r => r.Ema).ToArray());
        Assert.Null(results[18].Ema);
        Assert.Equal(Quotes.Take(20).Average(q => q.Close), results[19].Ema!.Value, 12);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Ema.Compute(Quotes.Select(q => q.Close).ToArray(), output, 20);
        Approx.Series(Quotes.GetEma(20).Select(r => r.Ema).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new EmaIndicator(20), c => c.GetEma(20), r => [r.Ema], r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new EmaIndicator(20), r => r.Ema);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        StreamingConformance.Check(RandomCandles.Walk(seed, length), () => new EmaIndicator(p), c => c.GetEma(p), r => [r.Ema], r => r.Timestamp);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetEma(0)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new EmaIndicator(-1)).ParamName);
        Assert.All(Quotes.Take(10).GetEma(20), r => Assert.Null(r.Ema));
    }

    [Fact]
    public void NaN_input_stays_NaN_because_the_average_is_recursive()
    {
        double[] close = [1, 2, 3, double.NaN, 5, 6];
        double[] output = new double[close.Length];
        Ema.Compute(close, output, 2);
        Assert.Equal(1.5, output[1]);
        Assert.False(double.IsNaN(output[2]));
        Assert.All(output[3..], v => Assert.True(double.IsNaN(v)));
    }
}
