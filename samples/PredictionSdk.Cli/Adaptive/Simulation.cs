using System.Globalization;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Drift;
using PredictionSdk.Models.Promotion;
using PredictionSdk.Streaming;

namespace PredictionSdk.Cli;

/// <summary>
/// Replays a candle file through two <see cref="SymbolPipeline"/>s bar by bar — the static champion, and the same
/// champion under <see cref="AdaptiveLearning"/> with a <see cref="ChallengerRetrainService"/> — the hosted components a
/// live stream runs, on the file's clock. The clock waits while a retrain runs, so results do not depend on machine speed.
/// </summary>
internal sealed class Simulation(Symbol symbol, Interval interval, PersistingStore store)
{
    public Scores Static { get; } = new();

    public Scores Adaptive { get; } = new();

    public List<JsonObject> Decisions { get; } = [];

    public List<JsonObject> Swaps { get; } = [];

    public int DriftAlarms => DriftEvents.Count;

    /// <summary>Every drift alarm of the served version: bar time, horizon, signal and detector, for plots over time.</summary>
    public List<JsonObject> DriftEvents { get; } = [];

    public async Task RunAsync(IReadOnlyList<Candle> candles, Func<ISymbolPredictor> champion, string championId, AdaptiveLearning? learning, ChallengerRetrainService? retrain, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var source = new NoHistory();
        var events = new List<PipelineEvent>();
        using var fixedPipeline = new SymbolPipeline(symbol, interval, Pipeline(), champion()) { EmitCandles = false, EmitIndicators = false };
        fixedPipeline.OutcomeObservers.Add(Static);
        SymbolPipeline? adaptivePipeline = null;
        if (learning is not null)
        {
            adaptivePipeline = new SymbolPipeline(symbol, interval, Pipeline(), learning.CreatePredictor(symbol, championId, champion())) { EmitCandles = false, EmitIndicators = false };
            adaptivePipeline.OutcomeObservers.Add(learning);
            adaptivePipeline.OutcomeObservers.Add(Adaptive);
            learning.Decided += (_, d) =>
            {
                if (d.Applied || d.Decision.Outcome == DecisionOutcome.Keep)
                {
                    var evidence = d.Decision.ToEvidence();
                    evidence["bar"] = d.BarTime.ToString("O", CultureInfo.InvariantCulture);
                    evidence["applied"] = d.Applied;
                    Decisions.Add(evidence);
                }
            };
            learning.Swapped += (_, s) => Swaps.Add(new JsonObject { ["first_bar"] = s.FirstBar.ToString("O", CultureInfo.InvariantCulture), ["from"] = s.FromVersion, ["to"] = s.ToVersion, ["reason"] = s.Reason });
            learning.DriftDetected += (_, e) => DriftEvents.Add(new JsonObject
            {
                ["bar"] = e.BarTime.ToString("O", CultureInfo.InvariantCulture),
                ["horizon"] = e.Stream.Horizon,
                ["signal"] = e.Stream.Signal.ToString(),
                ["detector"] = e.Detector,
            });
        }

        if (retrain is not null)
        {
            await retrain.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            for (int i = 0; i < candles.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var update = new CandleUpdate(symbol, interval, candles[i], IsFinal: true, source.Name);

                // The live stream persists what it receives: the store is what retrains read.
                await store.AppendAsync(candles[i], cancellationToken).ConfigureAwait(false);
                events.Clear();
                await fixedPipeline.ProcessAsync(update, source, events, cancellationToken).ConfigureAwait(false);
                if (adaptivePipeline is not null)
                {
                    events.Clear();
                    await adaptivePipeline.ProcessAsync(update, source, events, cancellationToken).ConfigureAwait(false);

                    // The simulated clock stands still while a retrain runs.
                    await learning!.WhenRetrainsIdleAsync(cancellationToken).ConfigureAwait(false);
                }

                if (i % 1440 == 0)
                {
                    progress?.Report(i);
                }
            }
        }
        finally
        {
            adaptivePipeline?.Dispose();
            if (retrain is not null)
            {
                await retrain.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static SymbolPipelineOptions Pipeline() => new() { WarmUpBars = 0, BackfillGaps = false };

    /// <summary>Direction accuracy, log loss and 90 % coverage of one run, per horizon and per day.</summary>
    internal sealed class Scores : IOutcomeObserver
    {
        private readonly SortedDictionary<int, Totals> _horizons = [];
        private readonly SortedDictionary<(DateTime Day, int Horizon), Totals> _days = [];

        public void OnOutcome(in PredictionOutcome outcome)
        {
            Add(_horizons, outcome.Horizon, outcome);
            Add(_days, (outcome.TargetTime.Date, outcome.Horizon), outcome);
        }

        public JsonObject ToJson(int headlineHorizon)
        {
            var json = _horizons.TryGetValue(headlineHorizon, out var headline) ? headline.ToJson() : new JsonObject();
            json["horizon"] = headlineHorizon;
            var horizons = new JsonObject();
            foreach (var (h, totals) in _horizons)
            {
                horizons[h.ToString(CultureInfo.InvariantCulture)] = totals.ToJson();
            }

            json["horizons"] = horizons;
            var daily = new JsonArray();
            foreach (var ((day, h), totals) in _days)
            {
                if (h == headlineHorizon)
                {
                    var row = totals.ToJson();
                    row["day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    daily.Add(row);
                }
            }

            json["daily"] = daily;
            return json;
        }

        private static void Add<TKey>(SortedDictionary<TKey, Totals> map, TKey key, in PredictionOutcome outcome)
            where TKey : notnull
        {
            if (!map.TryGetValue(key, out var totals))
            {
                totals = new Totals();
                map.Add(key, totals);
            }

            totals.Add(outcome);
        }
    }

    private sealed class Totals
    {
        private long _samples, _directional, _hits, _covered;
        private double _logLoss;

        public void Add(in PredictionOutcome o)
        {
            _samples++;
            _covered += o.IntervalMiss ? 0 : 1;
            if (o.DirectionLogLoss is { } loss)
            {
                _directional++;
                _logLoss += loss;
                _hits += o.DirectionHit == true ? 1 : 0;
            }
        }

        public JsonObject ToJson() => new()
        {
            ["samples"] = _samples,
            ["direction_accuracy"] = _directional == 0 ? null : Math.Round((double)_hits / _directional, 5),
            ["log_loss"] = _directional == 0 ? null : Math.Round(_logLoss / _directional, 5),
            ["coverage90"] = _samples == 0 ? null : Math.Round((double)_covered / _samples, 5),
        };
    }

    /// <summary>The replay has no exchange behind it: a gap stays a gap.</summary>
    private sealed class NoHistory : ICandleSource
    {
        public string Name => "replay";

        public IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, CancellationToken cancellationToken = default) =>
            AsyncEnumerable.Empty<CandleUpdate>();

        public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Candle>>([]);
    }
}
