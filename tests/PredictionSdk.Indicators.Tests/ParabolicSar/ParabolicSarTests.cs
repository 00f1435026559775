using FsCheck;
using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class ParabolicSarTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        // The spreadsheet uses an initial acceleration factor of 0.01 (step 0.02, cap 0.2).
        var table = OracleTable.Load("m-r/ParabolicSar/ParabolicSar.Calc.Parabolic_SAR.csv");
        double?[] expected = table.Column("sar");
        double?[] reversals = table.Column("rev");
        IReadOnlyList<ParabolicSarResult> results = Quotes.GetParabolicSar(0.02, 0.2, 0.01);

        // The opening trend (rows 0..13, ending with its reversal) is a guess and is not reported.
        Assert.All(results.Take(14), r => Assert.Null(r.Sar));
        Approx.Series(expected, results.Select(r => r.Sar).ToArray(), what: "SAR", skip: 14);
        for (int i = 14; i < results.Count; i++)
        {
            Assert.Equal(reversals[i] == 1, results[i].IsReversal);
        }

        Assert.Equal(488, results.Count(r => r.Sar is not null));
        Assert.Equal(212.9518, Math.Round(results[16].Sar!.Value, 4));
        Assert.Equal(273.4148, Math.Round(results[486].Sar!.Value, 4));
        Assert.Equal(246.73, results[501].Sar);
    }

    [Fact]
    public void Default_factors_match_the_values_stock_indicators_asserts()
    {
        IReadOnlyList<ParabolicSarResult> results = Quotes.GetParabolicSar();

        Assert.Equal(488, results.Count(r => r.Sar is not null));
        Assert.Equal(212.83, results[14].Sar);
        Assert.True(results[14].IsReversal);
        Assert.Equal(212.9924, Math.Round(results[16].Sar!.Value, 4));
        Assert.False(results[16].IsReversal);
        Assert.Equal(228.3600, Math.Round(results[94].Sar!.Value, 4));
        Assert.Equal(229.7662, Math.Round(results[501].Sar!.Value, 4));
        Assert.False(results[501].IsReversal);
    }

    [Fact]
    public void No_reversal_gives_no_values()
    {
        IReadOnlyList<ParabolicSarResult> results = Quotes.Take(10).GetParabolicSar();
        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.Null(r.Sar));
        Assert.All(results, r => Assert.Null(r.IsReversal));
        Assert.Empty(Array.Empty<Candle>().GetParabolicSar());
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] high = Quotes.Select(q => q.High).ToArray();
        double[] low = Quotes.Select(q => q.Low).ToArray();
        double[] sar = new double[Quotes.Length];
        ParabolicSar.Compute(high, low, sar);
        Approx.Series(Quotes.GetParabolicSar().Select(r => r.Sar).ToArray(), Approx.ToNullable(sar), what: "SAR span");
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes() =>
        StreamingConformance.Check(Quotes, () => new ParabolicSarIndicator(), c => c.GetParabolicSar(), Columns, r => r.Timestamp);

    [Fact]
    public void Ready_exactly_when_the_first_value_shows() =>
        StreamingConformance.ReadyAtFirstValue(Quotes, new ParabolicSarIndicator(), r => r.Sar);

    [Property(MaxTest = 60)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, byte length, PositiveInt step)
    {
        double acceleration = 0.005 * ((step.Get % 8) + 1);
        Candle[] candles = RandomCandles.Walk(seed, length);
        StreamingConformance.Check(
            candles,
            () => new ParabolicSarIndicator(acceleration, 0.2),
            c => c.GetParabolicSar(acceleration, 0.2),
            Columns,
            r => r.Timestamp);
    }

    [Property(MaxTest = 60)]
    public void Sar_stays_on_the_far_side_of_the_bar_except_on_reversals(int seed)
    {
        Candle[] candles = RandomCandles.Walk(seed, 300);
        IReadOnlyList<ParabolicSarResult> results = candles.GetParabolicSar();
        for (int i = 1; i < results.Count; i++)
        {
            if (results[i].Sar is double sar && results[i].IsReversal == false)
            {
                // Not a reversal: the bar stayed on its side of the SAR (below it in a downtrend, above in an uptrend).
                Assert.True(candles[i].Low >= sar || candles[i].High <= sar, $"bar {i} straddles SAR {sar} without reversing");
            }
        }
    }

    [Fact]
    public void Invalid_factors_are_rejected_naming_the_parameter()
    {
        Assert.Equal("accelerationStep", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetParabolicSar(0, 1)).ParamName);
        Assert.Equal("maxAccelerationFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetParabolicSar(0.02, 0)).ParamName);
        Assert.Equal("accelerationStep", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetParabolicSar(6, 2)).ParamName);
        Assert.Equal("initialFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Quotes.GetParabolicSar(0.02, 0.5, 0)).ParamName);
        Assert.Equal("initialFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new ParabolicSarIndicator(0.02, 0.2, 0.3)).ParamName);
        Assert.Equal("accelerationStep", Assert.Throws<ArgumentOutOfRangeException>(() => new ParabolicSarIndicator(double.NaN)).ParamName);
    }

    [Fact]
    public void NaN_input_propagates_through_the_recursion()
    {
        Candle[] candles = RandomCandles.Walk(11, 200);
        IReadOnlyList<ParabolicSarResult> clean = candles.GetParabolicSar();
        int firstValue = clean.ToList().FindIndex(r => r.Sar is not null);
        candles[firstValue + 5] = candles[firstValue + 5] with { Low = double.NaN, High = double.NaN };
        IReadOnlyList<ParabolicSarResult> results = candles.GetParabolicSar();
        Assert.Equal(clean[firstValue + 4].Sar, results[firstValue + 4].Sar);
        Assert.All(results.Skip(firstValue + 7), r => Assert.Null(r.Sar));
    }

    private static double?[] Columns(ParabolicSarResult r) => [r.Sar, r.IsReversal is null ? null : r.IsReversal.Value ? 1 : 0];
}
