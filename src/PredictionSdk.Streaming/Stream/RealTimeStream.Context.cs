namespace PredictionSdk.Streaming;

// Cross-asset context: which symbols a model reads besides the one it predicts (docs/streaming.md, "Cross-asset context").
public sealed partial class RealTimeStream
{
    /// <summary>
    /// The context symbols of the model (<see cref="BundlePredictors.ContextSymbols"/>): every streamed symbol's model
    /// reads them, so they are subscribed too; those not streamed for themselves are inputs only.
    /// </summary>
    private (Dictionary<Symbol, IReadOnlyList<Symbol>> ContextOf, HashSet<Symbol> ContextOnly) PlanContext(IReadOnlyList<Symbol> targets)
    {
        var contexts = _models?.ContextSymbols ?? [];
        var contextOf = new Dictionary<Symbol, IReadOnlyList<Symbol>>();
        if (contexts.Count == 0)
        {
            return (contextOf, []);
        }

        foreach (var target in targets)
        {
            contextOf[target] = [.. contexts.Where(c => c != target)];
        }

        return (contextOf, [.. contexts.Where(c => !targets.Contains(c))]);
    }

    /// <summary>
    /// The worker of each symbol: by hash, or, with context, one worker for all, so that context bars reach the models
    /// that read them without crossing threads (every streamed symbol's model reads the same context symbols).
    /// </summary>
    private static Func<Symbol, SymbolWorker> Route(SymbolWorker[] workers, bool context) => context
        ? _ => workers[0]
        : symbol => workers[(int)((uint)symbol.GetHashCode() % (uint)workers.Length)];
}
