using System.Diagnostics.CodeAnalysis;

namespace PredictionSdk;

/// <summary>
/// An instrument in canonical form: <c>BASE-QUOTE</c> for crypto pairs (<c>BTC-USD</c>, <c>ETH-USDT</c>)
/// and the plain ticker for stocks (<c>AAPL</c>). <see cref="Parse(string)"/> also reads exchange
/// spellings such as <c>BTCUSDT</c>, <c>btcusdt</c>, <c>XBT/USD</c> and <c>ETH_USDT</c>.
/// </summary>
public readonly record struct Symbol : IComparable<Symbol>
{
    // Longest first, so that BTCUSDT splits as BTC + USDT and not BTCUSD + T.
    private static readonly string[] KnownQuotes = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "DAI", "USD", "EUR", "GBP", "JPY", "TRY", "BTC", "ETH", "BNB"];

    private static readonly HashSet<string> KnownCryptoBases = new(StringComparer.Ordinal)
    {
        "BTC", "ETH", "SOL", "BNB", "XRP", "ADA", "DOGE", "DOT", "LTC", "AVAX", "LINK", "MATIC", "TRX", "ATOM", "XLM", "BCH", "UNI", "ETC", "FIL", "NEAR", "APT", "ARB", "OP", "SHIB", "PEPE", "SUI", "TON",
    };

    // Kraken's legacy asset codes.
    private static readonly Dictionary<string, string> KrakenAliases = new(StringComparer.Ordinal) { ["XBT"] = "BTC", ["XDG"] = "DOGE" };

    private Symbol(string baseAsset, string? quoteAsset)
    {
        Base = baseAsset;
        Quote = quoteAsset;
    }

    /// <summary>Base asset (<c>BTC</c>) or stock ticker (<c>AAPL</c>).</summary>
    public string Base { get; }

    /// <summary>Quote asset of a crypto pair (<c>USD</c>, <c>USDT</c>); null for stocks.</summary>
    public string? Quote { get; }

    /// <summary>Crypto for a pair, stock for a plain ticker.</summary>
    public AssetClass AssetClass => Quote is null ? AssetClass.Stock : AssetClass.Crypto;

    /// <summary>Canonical text: <c>BTC-USD</c> or <c>AAPL</c>.</summary>
    public string Value => Quote is null ? Base ?? string.Empty : $"{Base}-{Quote}";

    /// <summary>A crypto pair from its two assets.</summary>
    public static Symbol Crypto(string baseAsset, string quoteAsset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseAsset);
        ArgumentException.ThrowIfNullOrWhiteSpace(quoteAsset);
        return new Symbol(Normalize(baseAsset), Normalize(quoteAsset));
    }

    /// <summary>A stock or ETF ticker.</summary>
    public static Symbol Stock(string ticker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticker);
        return new Symbol(ticker.Trim().ToUpperInvariant(), null);
    }

    /// <summary>Parses a canonical or exchange spelling.</summary>
    /// <exception cref="FormatException">The text is empty or not a symbol.</exception>
    public static Symbol Parse(string text) =>
        TryParse(text, out var symbol) ? symbol : throw new FormatException($"'{text}' is not a symbol. Use BASE-QUOTE for crypto (BTC-USD) or a ticker for stocks (AAPL).");

    /// <summary>Tries to parse a canonical or exchange spelling.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Symbol symbol)
    {
        symbol = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim().ToUpperInvariant();
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '/' or '_' or '.'))
            {
                return false;
            }
        }

        int separator = s.IndexOfAny(['-', '/', '_']);
        if (separator >= 0)
        {
            string b = s[..separator], q = s[(separator + 1)..];
            if (b.Length == 0 || q.Length == 0 || q.IndexOfAny(['-', '/', '_']) >= 0)
            {
                return false;
            }

            symbol = new Symbol(Normalize(b), Normalize(q));
            return true;
        }

        foreach (string quote in KnownQuotes)
        {
            if (s.Length > quote.Length && s.EndsWith(quote, StringComparison.Ordinal))
            {
                string b = Normalize(s[..^quote.Length]);
                // A short ticker such as "BUSD" or "TUSD" stays a stock unless its base is a known coin.
                if (KnownCryptoBases.Contains(b) || s.Length > 6)
                {
                    symbol = new Symbol(b, quote);
                    return true;
                }
            }
        }

        symbol = new Symbol(s, null);
        return true;
    }

    /// <summary>The spelling <paramref name="exchange"/> uses for this symbol.</summary>
    public string ToExchangeSymbol(Exchange exchange) => (exchange, AssetClass) switch
    {
        (_, AssetClass.Stock) => Base,
        (Exchange.Binance, _) => Base + Quote,
        (Exchange.Coinbase, _) => $"{Base}-{Quote}",
        (Exchange.Kraken, _) => $"{Base}/{Quote}",
        (Exchange.Alpaca, _) => $"{Base}/{Quote}",
        _ => Value,
    };

    /// <summary>Reads the spelling an exchange uses (<c>BTCUSDT</c>, <c>XBT/USD</c>, <c>BTC-USD</c>).</summary>
    public static Symbol FromExchangeSymbol(Exchange exchange, string text)
    {
        _ = exchange;
        return Parse(text);
    }

    /// <summary>Converts canonical text to a symbol.</summary>
    public static implicit operator Symbol(string text) => Parse(text);

    /// <inheritdoc />
    public int CompareTo(Symbol other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string Normalize(string asset)
    {
        string upper = asset.Trim().ToUpperInvariant();
        return KrakenAliases.TryGetValue(upper, out string? alias) ? alias : upper;
    }
}
