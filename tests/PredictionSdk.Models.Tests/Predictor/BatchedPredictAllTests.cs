namespace PredictionSdk.Models.Tests.Predictor;

public class BatchedPredictAllTests
{
    private static string BundlePath => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    [Fact]
    public void One_batched_call_per_bar_gives_each_symbol_the_bits_it_gets_alone_bar_after_bar()
    {
        using var model = LoadedModel.Load(BundlePath);
        const int symbols = 9; // odd, so one window runs outside the pairs
        var alone = Create(model, symbols);
        var batched = Create(model, symbols);
        int need = alone[0].RequiredHistory;
        var bars = TestData.Btc(need + (symbols * 7) + 40);
        try
        {
            for (int t = 0; t < need + 40; t++)
            {
                for (int s = 0; s < symbols; s++)
                {
                    alone[s].Observe(bars[t + (s * 7)]);
                    batched[s].Observe(bars[t + (s * 7)]);
                }

                if (t < need - 1)
                {
                    continue;
                }

                var outputs = Enumerable.Range(0, symbols).Select(_ => (ICollection<Prediction>)new List<Prediction>()).ToArray();
                var errors = StockCryptoPredictor.PredictAll(batched, outputs);
                for (int s = 0; s < symbols; s++)
                {
                    Assert.Null(errors[s]);
                    var expected = alone[s].PredictAll();
                    Assert.Equal(expected, outputs[s]);
                    Assert.Equal(2, expected.Count);
                }
            }
        }
        finally
        {
            foreach (var p in alone.Concat(batched))
            {
                p.Dispose();
            }
        }
    }

    [Fact]
    public void A_symbol_that_cannot_predict_gets_its_own_error_and_the_others_still_predict()
    {
        using var model = LoadedModel.Load(BundlePath);
        var shared = Create(model, 3);
        using var own = new StockCryptoPredictor(Symbol.Parse("BTC-USD"), Interval.OneMinute);
        own.LoadModel(BundlePath);
        int need = own.RequiredHistory;
        var bars = TestData.Btc(need);
        try
        {
            foreach (var bar in bars)
            {
                shared[0].Observe(bar);
                own.Observe(bar);
            }

            foreach (var bar in bars.Take(need - 5))
            {
                shared[1].Observe(bar);
            }

            shared[2].Dispose();
            StockCryptoPredictor[] batch = [shared[0], shared[1], shared[2], own];
            var outputs = batch.Select(_ => (ICollection<Prediction>)new List<Prediction>()).ToArray();
            var errors = StockCryptoPredictor.PredictAll(batch, outputs);

            Assert.Null(errors[0]);
            Assert.Equal(shared[0].PredictAll(), outputs[0]);
            var insufficient = Assert.IsType<InsufficientDataException>(errors[1]);
            Assert.Contains("S1-USD", insufficient.Message, StringComparison.Ordinal);
            Assert.Empty(outputs[1]);
            Assert.IsType<ObjectDisposedException>(errors[2]);
            Assert.Null(errors[3]);

            // The predictor with its own copy of the model predicts alone, with the same result as the shared ones.
            Assert.Equal(outputs[0].Select(p => p.PredictedPrice), outputs[3].Select(p => p.PredictedPrice));
            Assert.Throws<ArgumentException>(() => StockCryptoPredictor.PredictAll([shared[0], shared[0]], [new List<Prediction>(), new List<Prediction>()]));
        }
        finally
        {
            foreach (var p in shared)
            {
                p.Dispose();
            }
        }
    }

    private static StockCryptoPredictor[] Create(LoadedModel model, int count) => Enumerable.Range(0, count).Select(i =>
    {
        var p = new StockCryptoPredictor(Symbol.Parse($"S{i}-USD"), Interval.OneMinute);
        p.UseSharedModel(model);
        return p;
    }).ToArray();
}
