using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class IchimokuTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        // The spreadsheet continues the leading spans past the last bar; only the 502 quote rows are compared.
        var table = OracleTable.Load("e-k/Ichimoku/Ichimoku.Calc.Ichimoku.csv");
        IReadOnlyList<IchimokuResult> results = Quotes.GetIchimoku(9, 26, 52);

        Approx.Series(table.Column("tenkan").Take(502).ToArray(), results.Select(r => r.TenkanSen).ToArray(), what: "tenkan");
        Approx.Series(table.Column("kijun").Take(502).ToArray(), results.Select(r => r.KijunSen).ToArray(), what: "kijun");
        Approx.Series(table.Column("senkouA").Take(502).ToArray(), results.Select(r => r.SenkouSpanA).ToArray(), what: "senkou A");
        Approx.Series(table.Column("senkouB").Take(502).ToArray(), results.Select(r => r.SenkouSpanB).ToArray(), what: "senkou B");
        Approx.Series(table.Column("chikou").Take(502).ToArray(), results.Select(r => r.ChikouSpan).ToArray(), what: "chikou");

        Assert.Equal((8, 25, 51, 77), Ichimoku.WarmupPeriods());
        Assert.Null(results[50].SenkouSpanA);
        Assert.NotNull(results[51].SenkouSpanA);
        Assert.Null(results[76].SenkouSpanB);
        Assert.NotNull(results[77].SenkouSpanB);
        Assert.Null(results[476].ChikouSpan);
        Assert.Equal(Quotes[501].Close, results[475].ChikouSpan);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        int n = Quotes.Length;
        double[] t = new double[n], k = new double[n], a = new double[n], b = new double[n], c = new double[n];
        Ichimoku.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), Quotes.Select(q => q.Close).ToArray(), t, k, a, b, c);
        IReadOnlyList<IchimokuResult> batch = Quotes.GetIchimoku();
        Approx.Series(batch.Select(r => r.TenkanSen).ToArray(), Approx.ToNullable(t), what: "tenkan span");
        Approx.Series(batch.Select(r => r.SenkouSpanB).ToArray(), Approx.ToNullable(b), what: "senkou B span");
        Approx.Series(batch.Select(r => r.ChikouSpan).ToArray(), Approx.ToNullable(c), what: "chikou span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new IchimokuIndicator(), c => c.GetIchimoku(), Columns, r => r.Timestamp);

    [Fact]
    public void Streaming_leaves_the_lagging_span_to_the_caller()
    {
        var streaming = new IchimokuIndicator();
        Assert.All(Quotes.Select(q => streaming.Add(q)), r => Assert.Null(r.ChikouSpan));
        Assert.Equal(26, streaming.Offset);
    }

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new IchimokuIndicator(), r => r.TenkanSen);

    [Property(MaxTest = 40)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt tenkan, PositiveInt kijun)
    {
        int t = (tenkan.Get % 12) + 1;
        int k = (kijun.Get % 30) + 1;
        int s = k + 1 + (seed & 15);
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new IchimokuIndicator(t, k, s), c => c.GetIchimoku(t, k, s), Columns, r => r.Timestamp);
    }

    [Fact]
    public void Fewer_bars_than_the_warmup_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(8).GetIchimoku(), r => Assert.Null(r.TenkanSen));
        Assert.Empty(Array.Empty<Candle>().GetIchimoku());
    }

    [Fact]
    public void Invalid_periods_are_rejected_naming_the_parameter()
    {
        Assert.Equal("tenkanPeriods", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetIchimoku(0)).ParamName);
        Assert.Equal("kijunPeriods", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetIchimoku(9, -1)).ParamName);
        Assert.Equal("senkouBPeriods", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetIchimoku(9, 26, 26)).ParamName);
        Assert.Equal("senkouBPeriods", Assert.Throws<ArgumentOutOfRangeException>(() => new IchimokuIndicator(9, 26, 20)).ParamName);
    }

    [Fact]
    public void NaN_high_poisons_the_windows_that_hold_it_and_clears_after()
    {
        Candle[] candles = RandomCandles.Walk(19, 60);
        candles[10] = candles[10] with { High = double.NaN };
        IReadOnlyList<IchimokuResult> results = candles.GetIchimoku(3, 5, 8);
        Assert.NotNull(results[9].TenkanSen);
        Assert.All(results.Skip(10).Take(3), r => Assert.Null(r.TenkanSen));
        Assert.NotNull(results[13].TenkanSen);
        Assert.Null(results[15].SenkouSpanA); // tenkan/kijun of bar 10, displaced 5 bars
    }

    private static double?[] Columns(IchimokuResult r) => [r.TenkanSen, r.KijunSen, r.SenkouSpanA, r.SenkouSpanB];
}
