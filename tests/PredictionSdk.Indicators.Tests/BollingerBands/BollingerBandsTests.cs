using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class BollingerBandsTests
{
    private const double Tolerance = 1e-8;
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    private static double?[] Columns(BollingerBandsResult r) => [r.UpperBand, r.Sma, r.LowerBand, r.PercentB, r.ZScore, r.Width];

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("a-d/BollingerBands/BollingerBands.Calc.Bollinger_Bands.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<BollingerBandsResult> results = Quotes.GetBollingerBands(20, 2);
        Oracle.AssertColumn(table, "sma", results.Select(r => r.Sma).ToArray(), Tolerance);
        Oracle.AssertColumn(table, "upper", results.Select(r => r.UpperBand).ToArray(), Tolerance);
        Oracle.AssertColumn(table, "lower", results.Select(r => r.LowerBand).ToArray(), Tolerance);
        Oracle.AssertColumn(table, "%b", results.Select(r => r.PercentB).ToArray(), Tolerance);
        Oracle.AssertColumn(table, "z-score", results.Select(r => r.ZScore).ToArray(), Tolerance);
        Oracle.AssertColumn(table, "width", results.Select(r => r.Width).ToArray(), Tolerance);
        Assert.Null(results[18].Sma);
        Assert.NotNull(results[19].Sma);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        int n = Quotes.Length;
        double[] upper = new double[n], middle = new double[n], lower = new double[n];
        BollingerBands.Compute(Quotes.Select(q => q.Close).ToArray(), upper, middle, lower);
        IReadOnlyList<BollingerBandsResult> batch = Quotes.GetBollingerBands();
        Approx.Series(batch.Select(r => r.UpperBand).ToArray(), Approx.ToNullable(upper));
        Approx.Series(batch.Select(r => r.Sma).ToArray(), Approx.ToNullable(middle));
        Approx.Series(batch.Select(r => r.LowerBand).ToArray(), Approx.ToNullable(lower));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new BollingerBandsIndicator(), c => c.GetBollingerBands(), Columns, r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new BollingerBandsIndicator(), r => r.Sma);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_and_bands_are_ordered(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length, flatChance: 0.3);
        StreamingConformance.Check(candles, () => new BollingerBandsIndicator(p, 2), c => c.GetBollingerBands(p, 2), Columns, r => r.Timestamp);
        Assert.All(candles.GetBollingerBands(p, 2), r =>
        {
            if (r.Sma is { } middle)
            {
                Assert.True(r.UpperBand >= middle && middle >= r.LowerBand, $"bands out of order at {r.Timestamp:O}");
            }
        });
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetBollingerBands(0)).ParamName);
        Assert.Equal("standardDeviations", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetBollingerBands(20, 0)).ParamName);
        Assert.Equal("standardDeviations", Assert.Throws<ArgumentOutOfRangeException>(() => new BollingerBandsIndicator(20, double.NaN)).ParamName);
    }
}
