using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models.Tests.Predictor;

/// <summary>A predictor run bar by bar over real candles, as a live stream drives it.</summary>
public sealed class LivePredictionTests
{
    private const int Steps = 1500;
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    [Theory]
    [InlineData("BTCUSDT-1m-2024-01")]
    [InlineData("ETHUSDT-1m-2024-01")]
    public void Replayed_predictions_never_contradict_themselves(string file)
    {
        // Bundled bars replayed through the predictor bar by bar, every horizon predicted at every bar.
        using var predictor = new StockCryptoPredictor(Btc, Interval.OneMinute);
        predictor.LoadModel(StockCryptoPredictorTests.BundlePath);
        var candles = TestData.Load(file, predictor.RequiredHistory + Steps);
        predictor.Observe(candles.Take(predictor.RequiredHistory));
        var predictions = new List<Prediction>();
        for (int i = predictor.RequiredHistory; i < candles.Count; i++)
        {
            predictor.PredictAll(predictions);
            predictor.Observe(candles[i]);
        }

        Assert.Equal(2 * Steps, predictions.Count);
        Assert.All(predictions, p =>
        {
            var moved = p.PredictedPrice > p.CurrentPrice ? Direction.Up : p.PredictedPrice < p.CurrentPrice ? Direction.Down : Direction.Flat;
            Assert.True(moved == p.Direction, $"{p.Direction} with predicted {p.PredictedPrice} and current {p.CurrentPrice} at {p.Timestamp:O}");
            Assert.True(Math.Sign(p.ChangePercent) == Math.Sign(p.PredictedPrice - p.CurrentPrice), $"{p.Direction} with change {p.ChangePercent} % at {p.Timestamp:O}");
            Assert.InRange(p.PredictedPrice, p.Lower, p.Upper);
            Assert.InRange(p.Confidence, 0.5, 1);
        });

        // The price moves with the forecast: no prediction states a direction without a price move, and a flat one
        // (a direction probability of exactly one half) is the exception.
        Assert.DoesNotContain(predictions, p => p.Direction != Direction.Flat && p.PredictedPrice == p.CurrentPrice);
        Assert.True(predictions.Count(p => p.Direction == Direction.Flat) < predictions.Count / 100, $"{predictions.Count(p => p.Direction == Direction.Flat)} flat");
        Assert.True(predictions.Select(p => p.ChangePercent).Distinct().Count() > predictions.Count / 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Online_adaptation_holds_live_interval_coverage_at_the_nominal_level(int horizon)
    {
        var adapted = Run(AdaptiveConformal.DefaultRate, horizon);
        var fixedIntervals = Run(rate: 0, horizon);

        Assert.InRange(adapted.Coverage, 0.88, 0.92);
        Assert.True(Math.Abs(adapted.Coverage - 0.9) <= Math.Abs(fixedIntervals.Coverage - 0.9) + 0.005, $"adapted {adapted.Coverage:P1}, static {fixedIntervals.Coverage:P1}");

        // Same model, same bars: adaptation rescales the spread of the predictive distribution, so the median moves
        // with the interval, but the direction probability (and so the direction and its confidence) does not.
        for (int i = 0; i < adapted.Predictions.Count; i++)
        {
            Assert.Equal(fixedIntervals.Predictions[i].Direction, adapted.Predictions[i].Direction);
            Assert.Equal(fixedIntervals.Predictions[i].Confidence, adapted.Predictions[i].Confidence);
        }
    }

    [Fact]
    public void Asking_again_for_the_same_bar_does_not_count_its_outcome_twice()
    {
        var once = Run(AdaptiveConformal.DefaultRate, horizon: 1);
        var thrice = Run(AdaptiveConformal.DefaultRate, horizon: 1, asksPerBar: 3);
        Assert.Equal(once.Predictions.Select(p => (p.Lower, p.Upper)), thrice.Predictions.Select(p => (p.Lower, p.Upper)));
    }

    private static (IReadOnlyList<Prediction> Predictions, double Coverage) Run(double rate, int horizon, int asksPerBar = 1)
    {
        using var predictor = new StockCryptoPredictor(Btc, Interval.OneMinute) { IntervalAdaptationRate = rate };
        predictor.LoadModel(StockCryptoPredictorTests.BundlePath);
        var candles = TestData.Btc(predictor.RequiredHistory + Steps + horizon);
        predictor.Observe(candles.Take(predictor.RequiredHistory));

        var predictions = new List<Prediction>(Steps);
        int covered = 0;
        for (int i = predictor.RequiredHistory; i < predictor.RequiredHistory + Steps; i++)
        {
            Prediction p = predictor.Predict(horizon);
            for (int k = 1; k < asksPerBar; k++)
            {
                Assert.Equal(p, predictor.Predict(horizon));
            }

            predictions.Add(p);
            double outcome = candles[i - 1 + horizon].Close;
            covered += outcome >= p.Lower && outcome <= p.Upper ? 1 : 0;
            predictor.Observe(candles[i]);
        }

        return (predictions, (double)covered / Steps);
    }
}
