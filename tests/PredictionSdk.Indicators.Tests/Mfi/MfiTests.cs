using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class MfiTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        double?[] expected = OracleTable.Load("m-r/Mfi/Mfi.Calc.MFI.csv").Column("mf");
        IReadOnlyList<MfiResult> results = Quotes.GetMfi(14);

        Approx.Series(expected, results.Select(r => r.Mfi).ToArray(), what: "MFI(14)");
        Assert.Null(results[13].Mfi);
        Assert.NotNull(results[14].Mfi);
    }

    [Fact]
    public void No_negative_flow_gives_100()
    {
        Candle[] rising = Enumerable.Range(0, 10).Select(i => new Candle(RandomCandles.Start.AddMinutes(i), 10 + i, 11 + i, 9 + i, 10 + i, 100)).ToArray();
        Assert.All(rising.GetMfi(3).Skip(3), r => Assert.Equal(100, r.Mfi));
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Quotes.Length];
        Mfi.Compute(
            Quotes.Select(q => q.High).ToArray(),
            Quotes.Select(q => q.Low).ToArray(),
            Quotes.Select(q => q.Close).ToArray(),
            Quotes.Select(q => q.Volume).ToArray(),
            output,
            14);
        Approx.Series(Quotes.GetMfi(14).Select(r => r.Mfi).ToArray(), Approx.ToNullable(output), what: "MFI span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new MfiIndicator(14), c => c.GetMfi(14), r => [r.Mfi], r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new MfiIndicator(14), r => r.Mfi);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt period)
    {
        int p = (period.Get % 30) + 2;
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(candles, () => new MfiIndicator(p), c => c.GetMfi(p), r => [r.Mfi], r => r.Timestamp);
    }

    [Property(MaxTest = 100)]
    public void Values_stay_within_0_and_100(int seed, PositiveInt period)
    {
        int p = (period.Get % 30) + 2;
        Candle[] candles = RandomCandles.Walk(seed, 300, flatChance: 0.4);
        Assert.All(candles.GetMfi(p), r => Assert.True(r.Mfi is null || r.Mfi is >= 0 and <= 100, $"{r.Mfi}"));
        var streaming = new MfiIndicator(p);
        foreach (Candle c in candles)
        {
            double? preview = streaming.Preview(RandomCandles.Revise(c, 0.995)).Mfi;
            Assert.True(preview is null || preview is >= 0 and <= 100, $"preview {preview}");
            streaming.Add(c);
        }
    }

    [Fact]
    public void Fewer_bars_than_the_warmup_give_warmup_rows_only()
    {
        Assert.All(Quotes.Take(14).GetMfi(14), r => Assert.Null(r.Mfi));
        Assert.Empty(Array.Empty<Candle>().GetMfi());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Period_below_two_is_rejected_naming_the_parameter(int period)
    {
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetMfi(period)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new MfiIndicator(period)).ParamName);
    }

    [Fact]
    public void NaN_volume_poisons_the_windows_that_hold_it_and_clears_after()
    {
        Candle[] candles = RandomCandles.Walk(13, 60);
        candles[20] = candles[20] with { Volume = double.NaN };
        IReadOnlyList<MfiResult> results = candles.GetMfi(5);
        Assert.NotNull(results[19].Mfi);
        Assert.All(results.Skip(20).Take(5), r => Assert.Null(r.Mfi));
        Assert.NotNull(results[25].Mfi);
    }
}
