using System.Collections.Concurrent;
using PredictionSdk;
using PredictionSdk.Models.Promotion;
using PredictionSdk.Streaming;

namespace TradingBot.Adaptive;

/// <summary>Counts what the adaptive loop did during a run and prints it after the books: drift, retrains, decisions, swaps.</summary>
public sealed class AdaptiveSummary
{
    private readonly AdaptiveLearning _learning;
    private readonly ChallengerRetrainService? _retrain;
    private readonly ConcurrentDictionary<DecisionOutcome, int> _decisions = new();
    private readonly ConcurrentQueue<string> _events = new();
    private int _driftAlarms;

    /// <summary>Subscribes to the loop's events; create it before the host starts.</summary>
    public AdaptiveSummary(AdaptiveLearning learning, ChallengerRetrainService? retrain)
    {
        _learning = learning;
        _retrain = retrain;
        learning.DriftDetected += (_, e) => Interlocked.Increment(ref _driftAlarms);
        learning.Decided += (_, d) =>
        {
            _decisions.AddOrUpdate(d.Decision.Outcome, 1, (_, n) => n + 1);
            if (d.Applied)
            {
                _events.Enqueue($"  {d.BarTime:yyyy-MM-dd HH:mm} {d.Symbol} {d.Decision.Outcome}: {d.Decision.Reason}");
            }
        };
        learning.Swapped += (_, s) => _events.Enqueue($"  {s.FirstBar:yyyy-MM-dd HH:mm} {s.Symbol} now served by {s.ToVersion} (was {s.FromVersion}): {s.Reason}");
        if (retrain is null)
        {
            return;
        }

        retrain.Finished += (_, r) => _events.Enqueue($"  {r.Request.AsOf:yyyy-MM-dd HH:mm} {r.Request.Symbol} {r.Request.Trigger} retrain {r.Status}{(r.ChallengerId is null ? "" : " → " + r.ChallengerId)} on {r.Bars:N0} bars in {r.Duration.TotalSeconds:0} s{(r.Error is null ? "" : ": " + r.Error)}");
    }

    /// <summary>The report's lines.</summary>
    public IEnumerable<string> Lines(IEnumerable<Symbol> symbols)
    {
        long observed = _learning.Drift.Snapshot().Where(s => s.Stream.Horizon == _learning.Options.DecisionHorizon).Sum(s => s.State.Observations);
        var results = _retrain?.Results ?? [];
        yield return $"Adaptive: {observed:N0} drift-detector observations, {_driftAlarms} drift alarms, "
            + $"{results.Count(r => r.Status == RetrainStatus.Succeeded)} retrains succeeded / {results.Count(r => r.Status != RetrainStatus.Succeeded)} not, "
            + $"decisions {string.Join(", ", _decisions.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value}"))}, "
            + $"{_learning.Promotions} promotions, {_learning.Rollbacks} rollbacks";
        foreach (var symbol in symbols)
        {
            yield return $"  {symbol}: served by {_learning.ChampionOf(symbol) ?? "-"}, challenger in shadow {_learning.ChallengerOf(symbol) ?? "none"}";
        }

        foreach (string line in _events)
        {
            yield return line;
        }
    }
}
