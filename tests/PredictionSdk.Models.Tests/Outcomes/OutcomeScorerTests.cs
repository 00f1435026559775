using PredictionSdk.Models.Outcomes;

namespace PredictionSdk.Models.Tests.Outcomes;

public sealed class OutcomeScorerTests
{
    [Fact]
    public void Scores_a_hit_inside_the_interval_by_the_definitions()
    {
        var p = Predictions.Make(lower: -0.01, median: 0.001, upper: 0.01, direction: Direction.Up, confidence: 0.6);
        double realized = 100 * Math.Exp(0.004);
        var o = OutcomeScorer.Score(p, realized);

        Assert.Same(p, o.Prediction);
        Assert.Equal(realized, o.RealizedPrice);
        Assert.Equal(0.004, o.RealizedReturn, 12);
        Assert.Equal(0.6, o.UpProbability, 12);
        Assert.True(o.DirectionHit);
        Assert.Equal(-Math.Log(0.6), o.DirectionLogLoss!.Value, 12);
        Assert.False(o.IntervalMiss);
        Assert.Equal(0.02, o.IntervalWidth, 12);
        Assert.Equal(0.003, o.AbsoluteError, 12);

        // y = 0.004 lies above q05 = −0.01 and q50 = 0.001, below q95 = 0.01.
        double pinball = ((0.05 * 0.014) + (0.5 * 0.003) + (0.05 * 0.006)) / 3;
        Assert.Equal(pinball, o.PinballLoss, 12);
        Assert.Equal(pinball / 0.02, o.ScaledPinballLoss, 12);
        Assert.Equal(p.Symbol, o.Symbol);
        Assert.Equal(p.TargetTime, o.TargetTime);
        Assert.Equal(p.ModelVersion, o.ModelVersion);
    }

    [Fact]
    public void Scores_a_wrong_call_outside_the_interval()
    {
        var p = Predictions.Make(lower: -0.01, median: 0.0, upper: 0.01, direction: Direction.Down, confidence: 0.7, coverage: 0.8);
        var o = OutcomeScorer.Score(p, 100 * Math.Exp(0.02));

        Assert.Equal(0.3, o.UpProbability, 12);
        Assert.False(o.DirectionHit);
        Assert.Equal(-Math.Log(0.3), o.DirectionLogLoss!.Value, 12);
        Assert.True(o.IntervalMiss);

        // Coverage 0.8: the bounds are the 10 % and 90 % quantiles; y = 0.02 is above all three.
        double pinball = ((0.1 * 0.03) + (0.5 * 0.02) + (0.9 * 0.01)) / 3;
        Assert.Equal(pinball, o.PinballLoss, 12);
    }

    [Fact]
    public void A_flat_move_has_no_direction_score_but_still_an_interval_score()
    {
        var o = OutcomeScorer.Score(Predictions.Make(), 100);
        Assert.Null(o.DirectionHit);
        Assert.Null(o.DirectionLogLoss);
        Assert.False(o.IntervalMiss);
        Assert.Equal(0, o.RealizedReturn);
        Assert.True(o.PinballLoss > 0);
    }

    [Fact]
    public void A_certain_miss_costs_a_bounded_log_loss()
    {
        var o = OutcomeScorer.Score(Predictions.Make(direction: Direction.Up, confidence: 1.0), 99);
        Assert.Equal(-Math.Log(OutcomeScorer.ProbabilityClip), o.DirectionLogLoss!.Value, 9);
    }

    [Fact]
    public void The_same_inputs_give_the_same_outcome()
    {
        var p = Predictions.Make();
        Assert.Equal(OutcomeScorer.Score(p, 100.3), OutcomeScorer.Score(p, 100.3));
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        var p = Predictions.Make();
        OutcomeScorer.Score(p, 100.1);
        double sum = 0;
        long allocated = 0;
        for (int i = 0; i < 10_000; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            sum += OutcomeScorer.Score(p, 100 + (i * 1e-4)).PinballLoss;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_bad_realised_close_is_rejected_by_name(double close)
    {
        var ex = Assert.Throws<ArgumentException>(() => OutcomeScorer.Score(Predictions.Make(), close));
        Assert.Equal("realizedClose", ex.ParamName);
        Assert.Contains("BTC-USD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Previews_and_broken_predictions_are_rejected()
    {
        Assert.Contains("preview", Assert.Throws<ArgumentException>(() => OutcomeScorer.Score(Predictions.Make() with { IsPreview = true }, 100)).Message, StringComparison.Ordinal);
        Assert.Contains("lower bound", Assert.Throws<ArgumentException>(() => OutcomeScorer.Score(Predictions.Make() with { Lower = 0 }, 100)).Message, StringComparison.Ordinal);
        Assert.Contains("coverage", Assert.Throws<ArgumentException>(() => OutcomeScorer.Score(Predictions.Make(coverage: 1), 100)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => OutcomeScorer.Score(null!, 100));
    }
}
