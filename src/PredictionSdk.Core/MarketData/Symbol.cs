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

    /// <summary>
    /// Reads the spelling <paramref name="exchange"/> uses, by that exchange's rules: Binance <c>BTCUSDT</c> (base and
    /// quote run together; the quote is one Binance lists), Coinbase <c>BTC-USD</c>, Kraken <c>BTC/USD</c> or its
    /// legacy <c>XBT/USD</c>, <c>XBTUSD</c> and <c>XXBTZUSD</c>, Alpaca <c>BTC/USD</c> for crypto and a plain ticker
    /// (<c>AAPL</c>, <c>BRK.B</c>) for stocks. Alpaca's <c>TUSD</c> is therefore a stock while Binance's <c>BTCTUSD</c> is a pair.
    /// </summary>
    /// <exception cref="FormatException">The text is not a symbol as <paramref name="exchange"/> spells it; the message names the exchange.</exception>
    public static Symbol FromExchangeSymbol(Exchange exchange, string text) =>
        TryFromExchangeSymbol(exchange, text, out var symbol)
            ? symbol
            : throw new FormatException($"'{text}' is not a {exchange} symbol; {exchange} spells BTC-USD as '{Crypto("BTC", "USD").ToExchangeSymbol(exchange)}'.");

    /// <summary>Tries to read the spelling <paramref name="exchange"/> uses (see <see cref="FromExchangeSymbol"/>).</summary>
    public static bool TryFromExchangeSymbol(Exchange exchange, [NotNullWhen(true)] string? text, out Symbol symbol)
    {
        symbol = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim().ToUpperInvariant();
        return exchange switch
        {
            Exchange.Binance => TrySplitQuote(s, out symbol),
            Exchange.Coinbase => TrySplit(s, '-', out symbol),
            Exchange.Kraken => TrySplit(s, '/', out symbol) || TryKrakenLegacy(s, out symbol),
            Exchange.Alpaca => s.Contains('/', StringComparison.Ordinal) ? TrySplit(s, '/', out symbol) : TryTicker(s, out symbol),
            _ => TryParse(s, out symbol),
        };
    }

    /// <inheritdoc />
    public int CompareTo(Symbol other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    // BASE<sep>QUOTE with letters and digits on both sides.
    private static bool TrySplit(string s, char separator, out Symbol symbol)
    {
        symbol = default;
        int at = s.IndexOf(separator, StringComparison.Ordinal);
        if (at <= 0 || at == s.Length - 1 || s.IndexOf(separator, at + 1) >= 0 || !IsAlphanumeric(s.AsSpan(0, at)) || !IsAlphanumeric(s.AsSpan(at + 1)))
        {
            return false;
        }

        symbol = new Symbol(Normalize(s[..at]), Normalize(s[(at + 1)..]));
        return true;
    }

    // BASEQUOTE run together (always a pair: such exchanges list no stocks). Split at the longest known quote that
    // leaves a known coin as the base (XBTUSD is XBT + USD, not XB + TUSD; BTCTUSD is BTC + TUSD), else the longest.
    private static bool TrySplitQuote(string s, out Symbol symbol)
    {
        symbol = default;
        if (!IsAlphanumeric(s))
        {
            return false;
        }

        string? fallback = null;
        foreach (string quote in KnownQuotes)
        {
            if (s.Length > quote.Length && s.EndsWith(quote, StringComparison.Ordinal))
            {
                if (KnownCryptoBases.Contains(Normalize(s[..^quote.Length])))
                {
                    symbol = new Symbol(Normalize(s[..^quote.Length]), quote);
                    return true;
                }

                fallback ??= quote;
            }
        }

        if (fallback is null)
        {
            return false;
        }

        symbol = new Symbol(Normalize(s[..^fallback.Length]), fallback);
        return true;
    }

    // Kraken REST: XBTUSD, or the legacy four-letter codes XXBTZUSD (X for crypto, Z for fiat).
    private static bool TryKrakenLegacy(string s, out Symbol symbol)
    {
        if (s.Length == 8 && s[0] == 'X' && s[4] is 'Z' or 'X' && IsAlphanumeric(s))
        {
            symbol = new Symbol(Normalize(s[1..4]), Normalize(s[5..]));
            return true;
        }

        return TrySplitQuote(s, out symbol);
    }

    private static bool TryTicker(string s, out Symbol symbol)
    {
        symbol = default;
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.')
            {
                return false;
            }
        }

        symbol = new Symbol(s, null);
        return true;
    }

    private static bool IsAlphanumeric(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    private static string Normalize(string asset)
    {
        string upper = asset.Trim().ToUpperInvariant();
        return KrakenAliases.TryGetValue(upper, out string? alias) ? alias : upper;
    }
}
