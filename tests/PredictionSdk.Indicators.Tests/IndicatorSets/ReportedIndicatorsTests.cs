namespace PredictionSdk.Indicators.Tests;

public class ReportedIndicatorsTests
{
    private static readonly Candle[] Quotes = SkenderQuotes.Default();

    [Fact]
    public void The_reported_set_matches_the_batch_RSI_MACD_and_Bollinger()
    {
        var macd = Quotes.GetMacd(12, 26, 9);
        var bands = Quotes.GetBollingerBands(20, 2);
        var expected = new Dictionary<string, double?[]>
        {
            [ReportedIndicators.Rsi] = [.. Quotes.GetRsi(14).Select(r => r.Rsi)],
            [ReportedIndicators.Macd] = [.. macd.Select(r => r.Macd)],
            [ReportedIndicators.MacdSignal] = [.. macd.Select(r => r.Signal)],
            [ReportedIndicators.MacdHistogram] = [.. macd.Select(r => r.Histogram)],
            [ReportedIndicators.BollingerUpper] = [.. bands.Select(r => r.UpperBand)],
            [ReportedIndicators.BollingerMiddle] = [.. bands.Select(r => r.Sma)],
            [ReportedIndicators.BollingerLower] = [.. bands.Select(r => r.LowerBand)],
        };

        var set = ReportedIndicators.Create();
        Assert.Equal(ReportedIndicators.Columns, set.ColumnNames);
        IndicatorSetChecks.MatchesBatch(set, Quotes, expected, revision: 1.02);
    }

    [Fact]
    public void Every_column_has_a_value_from_the_documented_warm_up_on()
    {
        var set = ReportedIndicators.Create();
        for (int i = 0; i < ReportedIndicators.WarmUpBars - 1; i++)
        {
            set.Add(Quotes[i]);
        }

        Assert.Null(ReportedIndicators.Read(set.Values).MacdSignal);
        set.Add(Quotes[ReportedIndicators.WarmUpBars - 1]);
        var values = ReportedIndicators.Read(set.Values);
        Assert.All(set.Values.ToArray(), v => Assert.False(double.IsNaN(v)));
        Assert.Equal(set[ReportedIndicators.MacdSignal], values.MacdSignal);
        Assert.Equal(new TechnicalIndicators(values.Rsi, values.Macd, values.BollingerUpper, values.BollingerLower), values.ToTechnicalIndicators());
    }

    [Fact]
    public void A_row_of_another_width_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ReportedIndicators.Read(IndicatorSet.CreateDefault().Values));
        Assert.Contains("7 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_and_preview_do_not_allocate() =>
        IndicatorSetChecks.AddAndPreviewDoNotAllocate(ReportedIndicators.Create(), seed: 11, ReportedIndicators.Rsi);
}
