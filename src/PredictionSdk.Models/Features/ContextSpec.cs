namespace PredictionSdk.Models.Features;

/// <summary>
/// Other symbols whose bars of the same minutes a model reads (cross-asset context, e.g. BTC for an altcoin). For each
/// context symbol the pipeline adds, from that symbol's own candles: log returns over 1, 5 and 15 of its bars, the
/// realized volatility of its one-bar returns over 5 and 15 bars, its taker-buy share over 5 and 15 bars when the spec's
/// order-flow group is on, and the age in bars of the context bar used. The row of the target bar opening at <c>T</c>
/// reads the context symbol's newest bar opening at or before <c>T</c> (it closes no later than the target bar), so no
/// context value is used before it was known.
/// </summary>
public sealed record ContextSpec
{
    /// <summary>Context symbols (e.g. <c>BTC-USDT</c>), in column order; stored in <see cref="Symbol.Value"/> form.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>
    /// How many bars a context symbol's last bar may be carried forward when its bar of the target's minute is missing
    /// (default 2). Older, or no context bar at all, makes the row unusable: training drops it and counts it, the
    /// predictor refuses to predict that bar with a <see cref="ContextUnavailableException"/>.
    /// </summary>
    public int MaxAgeBars { get; init; } = 2;

    /// <summary>A context of <paramref name="symbols"/> with the default <see cref="MaxAgeBars"/>.</summary>
    public static ContextSpec Of(params IEnumerable<Symbol> symbols) => new() { Symbols = [.. symbols.Select(s => s.Value)] };

    /// <summary>Checks the fields; throws <see cref="ArgumentException"/> naming the first wrong one.</summary>
    public void Validate()
    {
        if (Symbols is null || Symbols.Count == 0)
        {
            throw new ArgumentException("Context.Symbols must name at least one context symbol.", nameof(Symbols));
        }

        foreach (string symbol in Symbols)
        {
            if (!Symbol.TryParse(symbol, out var parsed) || parsed.Value != symbol)
            {
                throw new ArgumentException($"Context symbol '{symbol}' is not a symbol in canonical form (e.g. BTC-USDT).", nameof(Symbols));
            }
        }

        if (Symbols.Distinct(StringComparer.Ordinal).Count() != Symbols.Count)
        {
            throw new ArgumentException("Context.Symbols lists a symbol twice.", nameof(Symbols));
        }

        if (MaxAgeBars < 0 || MaxAgeBars > 1_000)
        {
            throw new ArgumentException($"Context.MaxAgeBars must be between 0 and 1000; was {MaxAgeBars}.", nameof(MaxAgeBars));
        }
    }

    /// <inheritdoc />
    public bool Equals(ContextSpec? other) =>
        other is not null && MaxAgeBars == other.MaxAgeBars && (Symbols ?? []).SequenceEqual(other.Symbols ?? [], StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MaxAgeBars, Symbols?.Count ?? 0);
}
