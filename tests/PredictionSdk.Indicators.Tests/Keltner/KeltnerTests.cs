using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class KeltnerTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_ema_and_atr_expected_values()
    {
        // No Keltner spreadsheet ships; Keltner is EMA(20) ± k·ATR, so the EMA(20) and ATR(14) spreadsheets give every row.
        double?[] ema = OracleTable.Load("e-k/Ema/Ema.Calc.EMA.csv").Column("ema");
        double?[] atr = OracleTable.Load("a-d/Atr/Atr.Calc.ATR.csv").Column("ATR");
        IReadOnlyList<KeltnerResult> results = Quotes.GetKeltner(20, 2, 14);

        Approx.Series(ema, results.Select(r => r.Centerline).ToArray(), what: "Keltner centerline");
        Approx.Series(ema.Zip(atr, (e, a) => e + (2 * a)).ToArray(), results.Select(r => r.UpperBand).ToArray(), what: "Keltner upper");
        Approx.Series(ema.Zip(atr, (e, a) => e - (2 * a)).ToArray(), results.Select(r => r.LowerBand).ToArray(), what: "Keltner lower");
        Approx.Series(ema.Zip(atr, (e, a) => 4 * a / e).ToArray(), results.Select(r => r.Width).ToArray(), what: "Keltner width");
    }

    [Fact]
    public void Default_parameters_match_the_values_stock_indicators_asserts()
    {
        IReadOnlyList<KeltnerResult> results = Quotes.GetKeltner();
        Assert.Equal(502 - 20 + 1, results.Count(r => r.Centerline is not null));
        Assert.Equal(502 - 20 + 1, results.Count(r => r.UpperBand is not null));
        Assert.Equal(275.4260, Math.Round(results[485].UpperBand!.Value, 4));
        Assert.Equal(265.4599, Math.Round(results[485].Centerline!.Value, 4));
        Assert.Equal(255.4938, Math.Round(results[485].LowerBand!.Value, 4));
        Assert.Equal(0.075085, Math.Round(results[485].Width!.Value, 6));
        Assert.Equal(262.1873, Math.Round(results[501].UpperBand!.Value, 4));
        Assert.Equal(249.3519, Math.Round(results[501].Centerline!.Value, 4));
        Assert.Equal(236.5165, Math.Round(results[501].LowerBand!.Value, 4));
        Assert.Equal(0.102950, Math.Round(results[501].Width!.Value, 6));
    }

    [Fact]
    public void Reuses_the_library_ema_and_atr()
    {
        IReadOnlyList<KeltnerResult> kc = Quotes.GetKeltner(20, 1.5, 10);
        IReadOnlyList<EmaResult> ema = Quotes.GetEma(20);
        IReadOnlyList<AtrResult> atr = Quotes.GetAtr(10);
        for (int i = 19; i < Quotes.Length; i++)
        {
            Assert.Equal(ema[i].Ema, kc[i].Centerline);
            Assert.Equal(ema[i].Ema + (1.5 * atr[i].Atr), kc[i].UpperBand);
        }
    }

    [Fact]
    public void Longer_atr_period_shows_the_centerline_one_bar_before_the_bands()
    {
        IReadOnlyList<KeltnerResult> results = Quotes.GetKeltner(10, 2, 25);
        Assert.Null(results[23].Centerline);
        Assert.NotNull(results[24].Centerline);
        Assert.Null(results[24].UpperBand);
        Assert.NotNull(results[25].UpperBand);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        int n = Quotes.Length;
        double[] upper = new double[n], center = new double[n], lower = new double[n];
        Keltner.Compute(Quotes.Select(q => q.High).ToArray(), Quotes.Select(q => q.Low).ToArray(), Quotes.Select(q => q.Close).ToArray(), upper, center, lower);
        IReadOnlyList<KeltnerResult> batch = Quotes.GetKeltner();
        Approx.Series(batch.Select(r => r.UpperBand).ToArray(), Approx.ToNullable(upper), what: "upper span");
        Approx.Series(batch.Select(r => r.Centerline).ToArray(), Approx.ToNullable(center), what: "center span");
        Approx.Series(batch.Select(r => r.LowerBand).ToArray(), Approx.ToNullable(lower), what: "lower span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new KeltnerIndicator(), c => c.GetKeltner(), Columns, r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows()
    {
        StreamingConformance.ReadyAtFirstValue(Quotes, new KeltnerIndicator(), r => r.UpperBand);
        StreamingConformance.ReadyAtFirstValue(Quotes, new KeltnerIndicator(10, 2, 25), r => r.UpperBand);
    }

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt ema, PositiveInt atr)
    {
        int e = (ema.Get % 30) + 2;
        int a = (atr.Get % 30) + 2;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new KeltnerIndicator(e, 2, a), c => c.GetKeltner(e, 2, a), Columns, r => r.Timestamp);
    }

    [Property(MaxTest = 100)]
    public void Upper_middle_lower_are_ordered(int seed, PositiveInt multiplier)
    {
        double k = 0.25 * ((multiplier.Get % 12) + 1);
        foreach (KeltnerResult r in RandomCandles.Walk(seed, 200, flatChance: 0.4).GetKeltner(20, k, 10))
        {
            Assert.True(r.UpperBand is null || (r.UpperBand >= r.Centerline && r.Centerline >= r.LowerBand), $"{r}");
        }
    }

    [Fact]
    public void Fewer_bars_than_the_warmup_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(19).GetKeltner(), r => Assert.Null(r.Centerline));
        Assert.Empty(Array.Empty<Candle>().GetKeltner());
    }

    [Fact]
    public void Invalid_parameters_are_rejected_naming_the_parameter()
    {
        Assert.Equal("emaPeriods", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetKeltner(1, 2, 10)).ParamName);
        Assert.Equal("atrPeriods", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetKeltner(20, 2, 1)).ParamName);
        Assert.Equal("multiplier", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetKeltner(20, 0, 10)).ParamName);
        Assert.Equal("multiplier", Assert.Throws<ArgumentOutOfRangeException>(() => new KeltnerIndicator(20, double.NaN, 10)).ParamName);
    }

    [Fact]
    public void NaN_input_propagates_through_the_ema_and_atr()
    {
        Candle[] candles = RandomCandles.Walk(23, 80);
        candles[40] = candles[40] with { Close = double.NaN };
        IReadOnlyList<KeltnerResult> results = candles.GetKeltner(10, 2, 5);
        Assert.NotNull(results[39].UpperBand);
        Assert.All(results.Skip(40), r => Assert.Null(r.UpperBand));
    }

    private static double?[] Columns(KeltnerResult r) => [r.UpperBand, r.Centerline, r.LowerBand, r.Width];
}
