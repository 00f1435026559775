using PredictionSdk.Streaming;

namespace PredictionSdk.Server.Adaptive;

/// <summary>
/// Live scores per model version: every scored outcome of the stream, keyed by the version that made the prediction
/// (<see cref="Prediction.ModelVersion"/>) and its symbol and horizon, and the version that served each symbol last.
/// Runs on the symbols' workers, so it only adds to counters under a lock.
/// </summary>
internal sealed class VersionScoreboard : IOutcomeObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Version, Symbol Symbol, int Horizon), Totals> _scores = [];
    private readonly Dictionary<Symbol, (string Version, DateTime At)> _serving = [];

    public void OnOutcome(in PredictionOutcome outcome)
    {
        var p = outcome.Prediction;
        lock (_gate)
        {
            var key = (p.ModelVersion, p.Symbol, p.Horizon);
            if (!_scores.TryGetValue(key, out var totals))
            {
                totals = new Totals();
                _scores.Add(key, totals);
            }

            totals.Outcomes++;
            totals.Covered += outcome.IntervalMiss ? 0 : 1;
            if (outcome.DirectionLogLoss is { } loss)
            {
                totals.Directional++;
                totals.LogLoss += loss;
                totals.Hits += outcome.DirectionHit == true ? 1 : 0;
            }

            if (!_serving.TryGetValue(p.Symbol, out var last) || p.Timestamp >= last.At)
            {
                _serving[p.Symbol] = (p.ModelVersion, p.Timestamp);
            }
        }
    }

    /// <summary>The scoreboard now: one row per (version, symbol, horizon), and the version each symbol's latest scored prediction came from.</summary>
    public (IReadOnlyList<VersionScore> Scores, IReadOnlyDictionary<Symbol, string> Serving) Snapshot()
    {
        lock (_gate)
        {
            var scores = _scores
                .OrderBy(s => s.Key.Symbol.Value, StringComparer.Ordinal).ThenBy(s => s.Key.Version, StringComparer.Ordinal).ThenBy(s => s.Key.Horizon)
                .Select(s => new VersionScore(
                    s.Key.Version, s.Key.Symbol.Value, s.Key.Horizon, s.Value.Outcomes,
                    s.Value.Directional == 0 ? null : Math.Round((double)s.Value.Hits / s.Value.Directional, 5),
                    s.Value.Directional == 0 ? null : Math.Round(s.Value.LogLoss / s.Value.Directional, 5),
                    Math.Round((double)s.Value.Covered / s.Value.Outcomes, 5)))
                .ToArray();
            return (scores, _serving.ToDictionary(s => s.Key, s => s.Value.Version));
        }
    }

    private sealed class Totals
    {
        public long Outcomes, Directional, Hits, Covered;
        public double LogLoss;
    }
}

/// <summary>Live scores of one model version on one symbol and horizon.</summary>
/// <param name="ModelVersion">Version that made the predictions.</param>
/// <param name="Symbol">Symbol predicted.</param>
/// <param name="Horizon">Bars ahead.</param>
/// <param name="Outcomes">Predictions scored against their target bar's close.</param>
/// <param name="DirectionAccuracy">Share of moving minutes called the right way.</param>
/// <param name="LogLoss">Mean direction log loss in nats (a coin scores ln 2 ≈ 0.693).</param>
/// <param name="Coverage">Share of closes inside the predicted interval.</param>
public sealed record VersionScore(string ModelVersion, string Symbol, int Horizon, long Outcomes, double? DirectionAccuracy, double? LogLoss, double Coverage);
