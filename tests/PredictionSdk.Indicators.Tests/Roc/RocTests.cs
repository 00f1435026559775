using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class RocTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        // The spreadsheet uses a 20-bar look-back.
        var table = OracleTable.Load("m-r/Roc/Roc.Calc.ROC.csv");
        IReadOnlyList<RocResult> results = Quotes.GetRoc(20);

        Approx.Series(table.Column("mom"), results.Select(r => r.Momentum).ToArray(), what: "momentum(20)");
        Approx.Series(table.Column("roc"), results.Select(r => r.Roc).ToArray(), what: "ROC(20)");
        Assert.Null(results[19].Roc);
        Assert.NotNull(results[20].Roc);
    }

    [Fact]
    public void Zero_earlier_close_gives_momentum_but_no_rate()
    {
        double[] closes = [0, 2, 4];
        Candle[] candles = closes.Select((c, i) => new Candle(RandomCandles.Start.AddMinutes(i), c, c, c, c, 1)).ToArray();
        RocResult r = candles.GetRoc(2)[2];
        Assert.Equal(4, r.Momentum);
        Assert.Null(r.Roc);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Roc.Compute(Quotes.Select(q => q.Close).ToArray(), output, 12);
        Approx.Series(Quotes.GetRoc(12).Select(r => r.Roc).ToArray(), Approx.ToNullable(output), what: "ROC span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new RocIndicator(12), c => c.GetRoc(12), r => [r.Momentum, r.Roc], r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new RocIndicator(12), r => r.Roc);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new RocIndicator(p), c => c.GetRoc(p), r => [r.Momentum, r.Roc], r => r.Timestamp);
    }

    [Fact]
    public void Fewer_bars_than_the_period_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(12).GetRoc(12), r => Assert.Null(r.Roc));
        Assert.Empty(Array.Empty<Candle>().GetRoc());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_period_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetRoc(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new RocIndicator(period)).ParamName);
    }

    [Fact]
    public void NaN_close_affects_only_the_rows_that_read_it()
    {
        Candle[] candles = RandomCandles.Walk(9, 30);
        candles[10] = candles[10] with { Close = double.NaN };
        IReadOnlyList<RocResult> results = candles.GetRoc(3);
        Assert.Null(results[10].Roc);
        Assert.Null(results[13].Roc);
        Assert.NotNull(results[11].Roc);
        Assert.NotNull(results[14].Roc);
    }
}
