using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class RsiTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("m-r/Rsi/Rsi.Calc.RSI.csv");
        Oracle.AssertSameBars(table, Quotes);
        IReadOnlyList<RsiResult> results = Quotes.GetRsi(14);
        Oracle.AssertColumn(table, "RSI(14)", results.Select(r => r.Rsi).ToArray());
        Assert.Null(results[13].Rsi);
        Assert.NotNull(results[14].Rsi);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Rsi.Compute(Quotes.Select(q => q.Close).ToArray(), output, 14);
        Approx.Series(Quotes.GetRsi(14).Select(r => r.Rsi).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Quotes, () => new RsiIndicator(14), c => c.GetRsi(14), r => [r.Rsi], r => r.Timestamp);
        StreamingConformance.ReadyAtFirstValue(Quotes, new RsiIndicator(14), r => r.Rsi);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_and_stays_within_0_and_100(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 1;
        Candle[] candles = RandomCandles.Walk(seed, length, flatChance: 0.3);
        StreamingConformance.Check(candles, () => new RsiIndicator(p), c => c.GetRsi(p), r => [r.Rsi], r => r.Timestamp);
        Assert.All(candles.GetRsi(p), r => Assert.InRange(r.Rsi ?? 50, 0, 100));
    }

    [Fact]
    public void Flat_and_rising_series_give_100()
    {
        // Wilder: RSI = 100 − 100/(1 + average gain / average loss), and 100 when the average loss is 0 — which a
        // market without any move also has (Stock.Indicators does the same; TA-Lib returns 0 there).
        Candle[] flat = Enumerable.Range(0, 20).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), 7, 7, 7, 7, 1)).ToArray();
        Assert.Equal(100, flat.GetRsi(5)[^1].Rsi);
        var streaming = new RsiIndicator(5);
        Assert.Equal(100, flat.Select(c => streaming.Add(c)).ToArray()[^1].Rsi);
        Candle[] rising = Enumerable.Range(0, 20).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), i, i, i, i, 1)).ToArray();
        Assert.Equal(100, rising.GetRsi(5)[^1].Rsi);
        Candle[] falling = rising.Select(c => c with { Close = 100 - c.Close }).ToArray();
        Assert.Equal(0, falling.GetRsi(5)[^1].Rsi);
    }

    [Fact]
    public void Invalid_period_is_rejected() =>
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetRsi(0)).ParamName);
}
