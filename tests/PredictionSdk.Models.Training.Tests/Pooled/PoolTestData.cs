namespace PredictionSdk.Models.Training.Tests.Pooled;

internal static class PoolTestData
{
    public static readonly Symbol Alpha = Symbol.Parse("AAA-USD");
    public static readonly Symbol Beta = Symbol.Parse("BBB-USD");
    public static readonly Symbol Gamma = Symbol.Parse("CCC-USD");

    // Three "symbols" from different stretches of the bundled BTC month, each at its own price and volume level, so
    // that their scalers differ the way different coins' do.
    public static Candle[] Series(Symbol symbol, int count = 900)
    {
        var (skip, price, volume) = symbol == Alpha ? (0, 1.0, 1.0) : symbol == Beta ? (3000, 0.002, 400.0) : (6000, 0.05, 20.0);
        var bars = TestData.BtcMinutes(skip + count).Skip(skip);
        return [.. bars.Select(c => new Candle(c.Timestamp, c.Open * price, c.High * price, c.Low * price, c.Close * price, c.Volume * volume))];
    }

    public static ModelTrainer PooledTrainer(params Symbol[] symbols)
    {
        var trainer = new ModelTrainer(TestData.SmallOptions());
        trainer.PreparePool([.. symbols.Select(s => new SymbolSeries(s, Series(s)))]);
        return trainer;
    }

    public static ModelTrainer SingleTrainer(Symbol symbol)
    {
        var options = TestData.SmallOptions();
        options.Symbol = symbol;
        var trainer = new ModelTrainer(options);
        trainer.PrepareData(Series(symbol));
        return trainer;
    }
}
