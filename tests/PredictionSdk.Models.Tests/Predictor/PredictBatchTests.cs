namespace PredictionSdk.Models.Tests.Predictor;

public class PredictBatchTests
{
    private static string BundlePath => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    [Fact]
    public void A_short_history_among_many_is_named_and_a_bad_bar_keeps_its_own_error()
    {
        using var predictor = new StockCryptoPredictor(Symbol.Parse("BTC-USD"), Interval.OneMinute);
        predictor.LoadModel(BundlePath);
        int need = predictor.RequiredHistory;
        var all = TestData.Btc(need + 100);
        var histories = Enumerable.Range(0, 8)
            .Select(i => new KeyValuePair<Symbol, IReadOnlyList<Candle>>(Symbol.Parse($"S{i}-USD"), all.Skip(i * 10).Take(i == 5 ? need - 3 : need).ToArray()))
            .ToList();

        var ex = Assert.Throws<InsufficientDataException>(() => predictor.PredictBatch(histories));
        Assert.Contains("S5-USD", ex.Message, StringComparison.Ordinal);
        Assert.Equal(need - 3, ex.Available);

        // A bar out of time order surfaces as the pipeline's own exception, not wrapped by the parallel replay.
        var bad = all.Take(need).ToArray();
        bad[need / 2] = bad[(need / 2) - 2];
        histories[5] = new(histories[5].Key, bad);
        Assert.Throws<Models.Features.FeatureException>(() => predictor.PredictBatch(histories));

        histories[5] = new(histories[5].Key, all.Take(need).ToArray());
        Assert.Equal(8, predictor.PredictBatch(histories).Count);
    }
}
