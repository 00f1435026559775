using System.Diagnostics.CodeAnalysis;

namespace PredictionSdk.Server;

/// <summary>The symbols this server serves.</summary>
public interface ISymbolCatalog
{
    /// <summary>Served symbols, in configuration order.</summary>
    IReadOnlyList<Symbol> Symbols { get; }

    /// <summary>Resolves any spelling (<c>btcusdt</c>, <c>BTC-USDT</c>) to a served symbol.</summary>
    bool TryResolve(string? text, [NotNullWhen(true)] out Symbol symbol);
}

internal sealed class SymbolCatalog(IEnumerable<Symbol> symbols) : ISymbolCatalog
{
    public IReadOnlyList<Symbol> Symbols { get; } = symbols.Distinct().ToArray();

    public bool TryResolve(string? text, [NotNullWhen(true)] out Symbol symbol)
    {
        if (Symbol.TryParse(text, out symbol) && Symbols.Contains(symbol))
        {
            return true;
        }

        symbol = default;
        return false;
    }
}
