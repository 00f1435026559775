using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class WmaTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    /// <summary>Direct definition, O(n·period), as an independent reference.</summary>
    private static double?[] Naive(IReadOnlyList<Candle> candles, int period)
    {
        var result = new double?[candles.Count];
        double divisor = period * (period + 1) / 2.0;
        for (int i = period - 1; i < candles.Count; i++)
        {
            double sum = 0;
            for (int j = 0; j < period; j++)
            {
                sum += (period - j) * candles[i - j].Close;
            }

            result[i] = sum / divisor;
        }

        return result;
    }

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("s-z/Wma/Wma.Calc.WMA.csv");
        Oracle.AssertSameBars(table, Quotes);
        double?[] expected = table.Column("wma");
        double?[] actual = Quotes.GetWma(20).Select(r => r.Wma).ToArray();
        int checkedRows = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] is { } e)
            {
                Assert.True(Approx.Close(e, actual[i]), $"row {i}: expected {e}, got {actual[i]}");
                checkedRows++;
            }
        }

        Assert.True(checkedRows >= 2);
        Approx.Series(Naive(Quotes, 20), actual, what: "WMA(20) vs definition");
        Assert.Null(actual[18]);
        Assert.NotNull(actual[19]);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Wma.Compute(Quotes.Select(q => q.Close).ToArray(), output, 20);
        Approx.Series(Quotes.GetWma(20).Select(r => r.Wma).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new WmaIndicator(20), c => c.GetWma(20), r => [r.Wma], r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new WmaIndicator(20), r => r.Wma);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_and_definition_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new WmaIndicator(p), c => c.GetWma(p), r => [r.Wma], r => r.Timestamp);
        if (candles.Length >= p)
        {
            Approx.Series(Naive(candles, p), candles.GetWma(p).Select(r => r.Wma).ToArray(), what: "WMA vs definition");
        }
    }

    [Fact]
    public void NaN_poisons_the_windows_that_hold_it_and_clears_after()
    {
        double[] close = [1, 2, 3, double.NaN, 5, 6, 7, 8];
        double[] output = new double[close.Length];
        Wma.Compute(close, output, 2);
        Assert.Equal((1 + (2 * 2)) / 3.0, output[1], 12);
        Assert.True(double.IsNaN(output[3]) && double.IsNaN(output[4]));
        Assert.Equal((6 + (2 * 7)) / 3.0, output[6], 12);
        Assert.Equal((7 + (2 * 8)) / 3.0, output[7], 12);
    }

    [Fact]
    public void Invalid_period_is_rejected() =>
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new WmaIndicator(0)).ParamName);
}
