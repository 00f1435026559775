using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class VwapTests
{
    private static readonly Candle[] Intraday = SkenderQuotes.Intraday(391);

    [Fact]
    public void Batch_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("s-z/Vwap/Vwap.Calc.VWAP.csv");
        Oracle.AssertSameBars(table, Intraday);
        Oracle.AssertColumn(table, "VWAP", Intraday.GetVwap().Select(r => r.Vwap).ToArray());
    }

    [Fact]
    public void Start_date_matches_stock_indicators_expected_values()
    {
        var table = OracleTable.Load("s-z/Vwap/Vwap.Calc.VWAP_with_Start_Date.csv");
        Oracle.AssertSameBars(table, Intraday);
        DateTime start = Intraday[30].Timestamp;
        Oracle.AssertColumn(table, "VWAP", Intraday.GetVwap(startDate: start).Select(r => r.Vwap).ToArray());
        Oracle.AssertColumn(table, "VWAP", Intraday.Select(c => new VwapIndicator(startDate: start)).First() is var v ? Intraday.Select(c => v.Add(c).Vwap).ToArray() : []);
    }

    [Fact]
    public void Span_core_matches_batch()
    {
        double[] output = new double[Intraday.Length];
        Vwap.Compute(Intraday.Select(q => q.High).ToArray(), Intraday.Select(q => q.Low).ToArray(), Intraday.Select(q => q.Close).ToArray(), Intraday.Select(q => q.Volume).ToArray(), output);
        Approx.Series(Intraday.GetVwap().Select(r => r.Vwap).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Session_vwap_restarts_each_utc_day()
    {
        Candle[] candles = RandomCandles.Walk(11, 3000);
        IReadOnlyList<VwapResult> session = candles.GetSessionVwap();
        for (int i = 0; i < candles.Length; i++)
        {
            DateTime day = candles[i].Timestamp.Date;
            var today = candles.Take(i + 1).Where(c => c.Timestamp.Date == day).ToArray();
            double volume = today.Sum(c => c.Volume);
            double? expected = volume == 0 ? null : today.Sum(c => c.TypicalPrice * c.Volume) / volume;
            Assert.True(Approx.Close(expected, session[i].Vwap), $"row {i}: {expected} vs {session[i].Vwap}");
        }

        double[] output = new double[candles.Length];
        Vwap.ComputeSession(candles.Select(c => c.Timestamp).ToArray(), candles.Select(q => q.High).ToArray(), candles.Select(q => q.Low).ToArray(), candles.Select(q => q.Close).ToArray(), candles.Select(q => q.Volume).ToArray(), output);
        Approx.Series(session.Select(r => r.Vwap).ToArray(), Approx.ToNullable(output));
    }

    [Fact]
    public void Streaming_matches_batch_on_reference_quotes()
    {
        StreamingConformance.Check(Intraday, () => new VwapIndicator(), c => c.GetVwap(), r => [r.Vwap], r => r.Timestamp);
        StreamingConformance.Check(Intraday, () => new VwapIndicator(VwapAnchor.UtcDay), c => c.GetSessionVwap(), r => [r.Vwap], r => r.Timestamp);
    }

    [Property(MaxTest = 40)]
    public void Streaming_equals_batch_for_arbitrary_series(int seed, ushort length)
    {
        Candle[] candles = RandomCandles.Walk(seed, length % 3000);
        StreamingConformance.Check(candles, () => new VwapIndicator(), c => c.GetVwap(), r => [r.Vwap], r => r.Timestamp);
        StreamingConformance.Check(candles, () => new VwapIndicator(VwapAnchor.UtcDay), c => c.GetSessionVwap(), r => [r.Vwap], r => r.Timestamp);
    }

    [Fact]
    public void Zero_volume_gives_no_value_until_volume_trades()
    {
        Candle[] candles = [.. RandomCandles.Walk(1, 3).Select(c => c with { Volume = 0 }), .. RandomCandles.Walk(1, 4).Skip(3).Select(c => c with { Volume = 10 })];
        IReadOnlyList<VwapResult> results = candles.GetVwap();
        Assert.All(results.Take(3), r => Assert.Null(r.Vwap));
        Assert.Equal(candles[3].TypicalPrice, results[3].Vwap!.Value, 12);
    }

    [Fact]
    public void Unknown_anchor_is_rejected() =>
        Assert.Equal("anchor", Assert.Throws<ArgumentOutOfRangeException>(() => new VwapIndicator((VwapAnchor)7)).ParamName);
}
