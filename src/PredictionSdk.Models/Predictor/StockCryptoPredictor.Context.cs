using PredictionSdk.Models.Features;

namespace PredictionSdk.Models;

// Cross-asset context: a model trained with context symbols reads their bars of the same minutes.
public sealed partial class StockCryptoPredictor
{
    /// <summary>
    /// Context symbols the loaded model reads (<see cref="FeatureSpec.Context"/>), in column order; empty for a model
    /// without context or before a model is loaded. Feed each with <see cref="ObserveContext"/> before the target bar
    /// of the same minute; without them the predictor throws <see cref="ContextUnavailableException"/>.
    /// </summary>
    public IReadOnlyList<Symbol> ContextSymbols
    {
        get
        {
            lock (_gate)
            {
                return _members.Count == 0 ? [] : [.. (_members[0].Model.Spec.Context?.Symbols ?? []).Select(Symbol.Parse)];
            }
        }
    }

    /// <summary>
    /// Closed bars observed since the model was loaded whose context symbols' bars were missing beyond
    /// <see cref="ContextSpec.MaxAgeBars"/> (or never arrived): the predictor cannot predict those bars.
    /// </summary>
    public long ContextStaleBars
    {
        get
        {
            lock (_gate)
            {
                return _state?.ContextStaleBars ?? 0;
            }
        }
    }

    /// <summary>
    /// Accepts a closed bar of context symbol <paramref name="contextSymbol"/>. The target bar of the same minute reads
    /// it; give it before that bar (<see cref="Observe(in Candle)"/>), otherwise the target reads the symbol's previous
    /// bar, carried forward up to <see cref="ContextSpec.MaxAgeBars"/>.
    /// </summary>
    /// <returns>False, changing nothing, when the model does not read <paramref name="contextSymbol"/> or the bar does not follow its previous context bar in time.</returns>
    /// <exception cref="InvalidOperationException">No model is loaded.</exception>
    /// <exception cref="FeatureException">The bar is invalid.</exception>
    public bool ObserveContext(Symbol contextSymbol, in Candle closedBar)
    {
        lock (_gate)
        {
            return State().ObserveContext(contextSymbol, closedBar);
        }
    }

    // Histories carry no context bars: a context model cannot serve them (use one predictor per symbol and ObserveContext).
    private void ThrowIfContextModel(IReadOnlyList<KeyValuePair<Symbol, IReadOnlyList<Candle>>> histories)
    {
        if (_members.Count > 0 && _members[0].Model.Spec.Context is { Symbols: [var missing, ..] } context && histories.Count > 0)
        {
            var last = histories[0].Value;
            throw new ContextUnavailableException(histories[0].Key.Value, missing, last.Count > 0 ? last[^1].Timestamp : default, null, context.MaxAgeBars);
        }
    }
}
