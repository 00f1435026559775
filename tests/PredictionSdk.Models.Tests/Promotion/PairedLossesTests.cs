using PredictionSdk.Models.Outcomes;
using PredictionSdk.Models.Promotion;
using PredictionSdk.Models.Registry;
using PredictionSdk.Models.Tests.Outcomes;

namespace PredictionSdk.Models.Tests.Promotion;

public sealed class PairedLossesTests
{
    private static PredictionOutcome Outcome(int minute, double confidence, double close, string version, string symbol = "BTC-USD") =>
        OutcomeScorer.Score(Predictions.Make(minute: minute, confidence: confidence, version: version, symbol: symbol), close);

    [Fact]
    public void Losses_pair_by_symbol_horizon_and_target_time_whatever_the_arrival_order()
    {
        var pairs = new PairedLosses();
        pairs.AddChampion(Outcome(0, 0.6, 101, "a"));
        pairs.AddChallenger(Outcome(1, 0.7, 99, "b"));   // waits for the champion's minute 1
        pairs.AddChallenger(Outcome(0, 0.7, 101, "b"));
        pairs.AddChampion(Outcome(1, 0.6, 99, "a"));
        pairs.AddChampion(Outcome(2, 0.6, 100, "a"));    // flat minute: a pair of missing direction losses
        pairs.AddChallenger(Outcome(2, 0.7, 100, "b"));
        pairs.AddChampion(Outcome(3, 0.6, 101, "a", symbol: "ETH-USD"));

        var (champion, challenger) = pairs.Get(Symbol.Parse("BTC-USD"), 1);
        Assert.Equal(3, champion.Length);
        Assert.Equal(-Math.Log(0.6), champion[0], 12);
        Assert.Equal(-Math.Log(0.7), challenger[0], 12);
        Assert.Equal(-Math.Log(0.4), champion[1], 12); // up call, price fell
        Assert.Equal(-Math.Log(0.3), challenger[1], 12);
        Assert.True(double.IsNaN(champion[2]) && double.IsNaN(challenger[2]));
        Assert.Equal(0, pairs.Count(Symbol.Parse("ETH-USD"), 1));
    }

    [Fact]
    public void Only_the_latest_capacity_pairs_are_kept()
    {
        var pairs = new PairedLosses(capacity: 10, loss: o => o.Prediction.Timestamp.Minute);
        for (int t = 0; t < 25; t++)
        {
            pairs.AddChampion(Outcome(t, 0.6, 101, "a"));
            pairs.AddChallenger(Outcome(t, 0.7, 101, "b"));
        }

        var (champion, _) = pairs.Get(Symbol.Parse("BTC-USD"), 1);
        Assert.Equal([.. Enumerable.Range(15, 10).Select(i => (double)i)], champion);
        pairs.Clear();
        Assert.Equal(0, pairs.Count(Symbol.Parse("BTC-USD"), 1));
    }

    [Fact]
    public void The_scoreboard_sums_outcomes_per_symbol_and_horizon()
    {
        var board = new LiveScoreboard("shadow");
        board.Add(Outcome(0, 0.6, 101, "a"));                    // hit
        board.Add(Outcome(1, 0.6, 99.5, "a"));                   // miss
        board.Add(Outcome(2, 0.6, 100, "a"));                    // flat
        board.Add(Outcome(3, 0.6, 150, "a"));                    // outside the interval
        board.Add(Outcome(0, 0.6, 101, "a", symbol: "ETH-USD"));

        var btc = board.Snapshot()[0];
        Assert.Equal(("BTC-USD", 1, "shadow", 4L, 3L), (btc.Symbol, btc.Horizon, btc.Role, btc.Samples, btc.DirectionalSamples));
        Assert.Equal(2.0 / 3, btc.DirectionAccuracy!.Value, 12);
        Assert.Equal((-Math.Log(0.6) - Math.Log(0.4) - Math.Log(0.6)) / 3, btc.LogLoss!.Value, 12);
        Assert.Equal(0.75, btc.Coverage!.Value, 12);
        Assert.Equal(0.9, btc.NominalCoverage!.Value, 12);
        Assert.Equal(Predictions.Start.AddMinutes(2), btc.FromUtc);
        Assert.Equal(Predictions.Start.AddMinutes(5), btc.ToUtc);
        var pooled = Assert.Single(board.Pooled());
        Assert.Null(pooled.Symbol);
        Assert.Equal(5, pooled.Samples);
        board.Reset();
        Assert.Empty(board.Snapshot());
    }
}
