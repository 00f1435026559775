using FsCheck.Xunit;

namespace PredictionSdk.Indicators.Tests;

public class TrendIndicatorSetTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    private static readonly string[] Columns =
    [
        "adx14", "plus_di14", "minus_di14", "ichi_tenkan", "ichi_kijun", "ichi_senkou_a", "ichi_senkou_b", "ichi_chikou",
        "cci20", "willr14", "roc12", "mfi14", "psar", "kc_upper", "kc_middle", "kc_lower", "dc_upper", "dc_middle", "dc_lower",
    ];

    private static IndicatorSet Create() => IndicatorSet.CreateBuilder()
        .AddAdx()
        .AddIchimoku()
        .AddCci()
        .AddWilliamsR()
        .AddRoc()
        .AddMfi()
        .AddParabolicSar()
        .AddKeltner()
        .AddDonchian()
        .Build();

    private static Dictionary<string, double?[]> BatchColumns(IReadOnlyList<Candle> candles)
    {
        var adx = candles.GetAdx();
        var ichimoku = candles.GetIchimoku();
        var kc = candles.GetKeltner();
        var dc = candles.GetDonchian();
        return new Dictionary<string, double?[]>
        {
            ["adx14"] = [.. adx.Select(r => r.Adx)],
            ["plus_di14"] = [.. adx.Select(r => r.Pdi)],
            ["minus_di14"] = [.. adx.Select(r => r.Mdi)],
            ["ichi_tenkan"] = [.. ichimoku.Select(r => r.TenkanSen)],
            ["ichi_kijun"] = [.. ichimoku.Select(r => r.KijunSen)],
            ["ichi_senkou_a"] = [.. ichimoku.Select(r => r.SenkouSpanA)],
            ["ichi_senkou_b"] = [.. ichimoku.Select(r => r.SenkouSpanB)],
            ["ichi_chikou"] = new double?[candles.Count], // a streaming set cannot see the future close
            ["cci20"] = [.. candles.GetCci().Select(r => r.Cci)],
            ["willr14"] = [.. candles.GetWilliamsR().Select(r => r.WilliamsR)],
            ["roc12"] = [.. candles.GetRoc().Select(r => r.Roc)],
            ["mfi14"] = [.. candles.GetMfi().Select(r => r.Mfi)],
            ["psar"] = [.. candles.GetParabolicSar().Select(r => r.Sar)],
            ["kc_upper"] = [.. kc.Select(r => r.UpperBand)],
            ["kc_middle"] = [.. kc.Select(r => r.Centerline)],
            ["kc_lower"] = [.. kc.Select(r => r.LowerBand)],
            ["dc_upper"] = [.. dc.Select(r => r.UpperBand)],
            ["dc_middle"] = [.. dc.Select(r => r.Centerline)],
            ["dc_lower"] = [.. dc.Select(r => r.LowerBand)],
        };
    }

    private static void AssertSetMatchesBatch(IReadOnlyList<Candle> candles)
    {
        IndicatorSet set = Create();
        Assert.Equal(Columns, set.ColumnNames);
        IndicatorSetChecks.MatchesBatch(set, candles, BatchColumns(candles), revision: 0.98);
    }

    [Fact]
    public void Set_matches_every_batch_indicator_on_reference_quotes() => AssertSetMatchesBatch(Quotes);

    [Property(MaxTest = 25)]
    public void Set_matches_every_batch_indicator_for_arbitrary_series(int seed, byte length) =>
        AssertSetMatchesBatch(RandomCandles.Walk(seed, length));

    [Fact]
    public void Add_and_preview_do_not_allocate() => IndicatorSetChecks.AddAndPreviewDoNotAllocate(Create(), seed: 8, "psar");
}
