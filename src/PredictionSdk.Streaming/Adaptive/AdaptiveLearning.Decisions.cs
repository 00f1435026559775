using Microsoft.Extensions.Logging;
using PredictionSdk.Models.Drift;
using PredictionSdk.Models.Promotion;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Streaming;

public sealed partial class AdaptiveLearning
{
    /// <summary>Applies the rules to one symbol; called under its lock.</summary>
    private void Evaluate(SymbolLoop loop)
    {
        int h = _options.DecisionHorizon;
        var symbol = loop.Symbol;
        DateTime bar = loop.LastBar ?? default;
        if (loop.Watch is { } watch)
        {
            var (promoted, predecessor) = watch.Pairs.Get(symbol, h);
            var rollback = _rules.EvaluateRollback(symbol.Value, h, watch.PromotedId, watch.PredecessorId, promoted, predecessor);
            bool applied = rollback.Outcome == DecisionOutcome.RollBack;
            if (applied)
            {
                // The predecessor kept running in shadow, warm: it serves again from the next bar.
                loop.Predictor.Swap(watch.PredecessorId, "rollback");
                loop.Predictor.RemoveShadow(watch.PromotedId);
                loop.Watch = null;
                Interlocked.Increment(ref _rollbacks);
            }
            else if (watch.Minutes >= _options.RollbackWatch)
            {
                loop.Predictor.RemoveShadow(watch.PredecessorId);
                loop.Watch = null;
            }

            Publish(symbol, rollback, bar, applied);
            if (loop.Watch is not null || applied)
            {
                // While a promotion is on trial, the next challenger waits.
                return;
            }
        }

        if (loop.Challenger is not { } challenger)
        {
            return;
        }

        var (champion, candidate) = challenger.Pairs.Get(symbol, h);
        string championId = loop.Predictor.ChampionId;
        var decision = _rules.EvaluatePromotion(symbol.Value, h, championId, challenger.Id, champion, candidate);
        bool promote = decision.Outcome == DecisionOutcome.Promote;
        if (promote)
        {
            loop.Predictor.Swap(challenger.Id, "promotion");
            loop.Watch = new Watch(challenger.Id, championId, new PairedLosses());
            loop.Challenger = null;
            Interlocked.Increment(ref _promotions);
        }

        Publish(symbol, decision, bar, promote);
    }

    private void Publish(Symbol symbol, ModelDecision decision, DateTime bar, bool applied)
    {
        string kind = decision is PromotionDecision ? "promotion" : "rollback";
        _decisions.Add(1, new("symbol", symbol.Value), new("kind", kind), new("outcome", decision.Outcome.ToString()));
        if (applied)
        {
            Log.Decided(_logger, symbol, kind, decision.Reason);
            if (_registry is not null)
            {
                try
                {
                    _rules.Apply(_registry, decision);
                }
                catch (ModelRegistryException ex)
                {
                    // The stream has switched; the registry could not record it (e.g. a version it does not know).
                    Log.RegistryRefused(_logger, ex, symbol, kind);
                }
            }
        }

        Decided?.Invoke(this, new AdaptiveDecision(symbol, decision, bar, applied));
    }

    private sealed class SymbolLoop(Symbol symbol, AdaptivePredictor predictor, string initialChampion)
    {
        public Symbol Symbol { get; } = symbol;

        public AdaptivePredictor Predictor { get; } = predictor;

        public string InitialChampion { get; } = initialChampion;

        public Challenger? Challenger { get; set; }

        public Watch? Watch { get; set; }

        public DateTime? LastBar { get; set; }

        public DateTime? LastRetrainAt { get; set; }

        public DateTime? LastRequestAt { get; set; }

        public bool RetrainPending { get; set; }

        public int SinceEvaluation { get; set; }
    }

    private sealed record Challenger(string Id, PairedLosses Pairs);

    /// <summary>A promotion on trial: the promoted version serves, its predecessor runs in shadow for the rollback rule.</summary>
    private sealed record Watch(string PromotedId, string PredecessorId, PairedLosses Pairs)
    {
        public int Minutes { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Challenger {Version} runs in shadow for {Symbol}")]
        public static partial void ChallengerAdded(ILogger logger, Symbol symbol, string version);

        [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "{Kind} for {Symbol}: {Reason}")]
        public static partial void Decided(ILogger logger, Symbol symbol, string kind, string reason);

        [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "{Symbol} is served by {To} instead of {From} from the bar at {FirstBar:o} ({Reason})")]
        public static partial void Swapped(ILogger logger, Symbol symbol, string from, string to, DateTime firstBar, string reason);

        [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "The registry refused to record the {Kind} of {Symbol}; the stream switched anyway")]
        public static partial void RegistryRefused(ILogger logger, Exception exception, Symbol symbol, string kind);

        [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "Challenger {Version} of {Symbol} failed in shadow and was unloaded; the champion is unaffected")]
        public static partial void ShadowFailed(ILogger logger, Exception exception, Symbol symbol, string version);

        [LoggerMessage(EventId = 6205, Level = LogLevel.Information, Message = "Retrain of {Symbol} asked for ({Trigger}) as of {AsOf:o}: {Detail}")]
        public static partial void RetrainRequested(ILogger logger, Symbol symbol, RetrainTrigger trigger, DateTime asOf, string detail);
    }
}
