using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Tests.Predictor;

public sealed class PredictorFromBundleTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");
    private static readonly Symbol BtcTether = Symbol.Parse("BTC-USDT");

    [Fact]
    public async Task The_bundle_says_symbol_interval_and_model_type_and_predicts_as_the_checked_constructor_does()
    {
        using var fromFile = await StockCryptoPredictor.LoadAsync(StockCryptoPredictorTests.BundlePath);
        Assert.Equal(Btc, fromFile.Symbol);
        Assert.Equal(Interval.OneMinute, fromFile.Interval);
        Assert.Equal(ModelType.Hybrid, fromFile.ModelType);

        await using var resource = File.OpenRead(StockCryptoPredictorTests.BundlePath);
        using var fromStream = await StockCryptoPredictor.LoadAsync(resource, source: "embedded tiny-hybrid.psdk");
        using var constructed = new StockCryptoPredictor(Btc, Interval.OneMinute, ModelType.Hybrid);
        await constructed.LoadModelAsync(StockCryptoPredictorTests.BundlePath);

        var candles = TestData.Btc(constructed.RequiredHistory + 10);
        foreach (var predictor in new[] { fromFile, fromStream, constructed })
        {
            predictor.Observe(candles);
        }

        var expected = constructed.PredictNextBar();
        Assert.Equal(expected, fromFile.PredictNextBar());
        Assert.Equal(expected, fromStream.PredictNextBar());
        Assert.Equal(expected, constructed.PredictNextMinute());
    }

    [Fact]
    public void A_bundle_of_another_symbol_is_refused_unless_the_caller_maps_it()
    {
        var bundle = ModelBundle.Load(StockCryptoPredictorTests.BundlePath);

        using var tether = new StockCryptoPredictor(BtcTether, Interval.OneMinute);
        var error = Assert.Throws<ModelSymbolMismatchException>(() => tether.LoadModel(StockCryptoPredictorTests.BundlePath));
        Assert.Equal(Btc, error.BundleSymbol);
        Assert.Equal(BtcTether, error.RequestedSymbol);
        Assert.Contains("BTC-USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("BTC-USDT", error.Message, StringComparison.Ordinal);
        Assert.Throws<ModelSymbolMismatchException>(() => tether.LoadModel(bundle, "blob 7"));
        Assert.False(tether.IsReady);

        // Mapped explicitly, on either path, the bundle serves the other symbol and predictions carry that symbol.
        using var mapped = new StockCryptoPredictor(BtcTether, Interval.OneMinute) { BundleSymbol = Btc };
        mapped.LoadModel(bundle, "blob 7");
        using var servedAs = StockCryptoPredictor.FromBundle(bundle, new StockCryptoPredictorOptions { ServeAs = BtcTether });
        Assert.Equal(BtcTether, servedAs.Symbol);

        var candles = TestData.Btc(mapped.RequiredHistory + 5);
        mapped.Observe(candles);
        servedAs.Observe(candles);
        Assert.Equal(BtcTether, mapped.PredictNextBar().Symbol);
        Assert.Equal(mapped.PredictNextBar(), servedAs.PredictNextBar());

        // A wrong mapping is still a mismatch.
        using var wrong = new StockCryptoPredictor(BtcTether, Interval.OneMinute) { BundleSymbol = Symbol.Parse("ETH-USD") };
        Assert.Throws<ModelSymbolMismatchException>(() => wrong.LoadModel(bundle, "blob 7"));
    }
}
