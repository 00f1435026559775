using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models.Tests.Predictor;

/// <summary>A predictor run bar by bar over real candles, as a live stream drives it.</summary>
public sealed class LivePredictionTests
{
    private const int Steps = 1500;
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    [Fact]
    public void Predicted_price_and_interval_never_contradict_the_direction()
    {
        var run = Run(rate: AdaptiveConformal.DefaultRate, horizon: 1);
        Assert.All(run.Predictions, p =>
        {
            Assert.True(p.Direction == Direction.Up ? p.PredictedPrice >= p.CurrentPrice : p.PredictedPrice <= p.CurrentPrice, $"{p.Direction} with {p.ChangePercent:F5} %");
            Assert.True(p.Lower <= p.PredictedPrice && p.PredictedPrice <= p.Upper);
        });

        // The tiny model's heads do disagree on real data; those predictions report no change.
        Assert.Contains(run.Predictions, p => p.PredictedPrice == p.CurrentPrice);
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

        // Same model, same bars: only the interval moves, never the point forecast or its confidence.
        for (int i = 0; i < adapted.Predictions.Count; i++)
        {
            Assert.Equal(fixedIntervals.Predictions[i].PredictedPrice, adapted.Predictions[i].PredictedPrice);
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
