namespace PredictionSdk.Data.Sentiment;

/// <summary>
/// A small, transparent default: counts words of a market-news lexicon (e.g. "surge", "approval" vs "hack", "ban"),
/// flips a word preceded by a negation ("not", "no", "never" within two words), and scores
/// <c>(positive − negative) / (positive + negative + 1)</c>, so one word gives ±0.5 and the score approaches ±1 only
/// when many agree. It knows no context or sarcasm: a baseline to measure better scorers against, not a claim of skill.
/// </summary>
public sealed class LexiconSentimentScorer : ISentimentScorer
{
    private static readonly string[] DefaultPositive =
    [
        "surge", "surges", "soar", "soars", "rally", "rallies", "gain", "gains", "jump", "jumps", "rise", "rises", "record",
        "bullish", "beat", "beats", "upgrade", "upgraded", "approve", "approved", "approval", "adoption", "partnership",
        "inflow", "inflows", "breakout", "recover", "recovers", "recovery", "strong", "growth", "launch", "launches",
    ];

    private static readonly string[] DefaultNegative =
    [
        "crash", "crashes", "plunge", "plunges", "fall", "falls", "drop", "drops", "slump", "slumps", "bearish", "miss",
        "misses", "downgrade", "downgraded", "hack", "hacked", "exploit", "ban", "bans", "banned", "lawsuit", "sues",
        "fraud", "outflow", "outflows", "liquidation", "liquidations", "selloff", "sell-off", "weak", "fear", "outage", "fine",
    ];

    private static readonly HashSet<string> Negations = new(StringComparer.OrdinalIgnoreCase) { "not", "no", "never", "without", "isn't", "won't", "don't" };

    private readonly HashSet<string> _positive;
    private readonly HashSet<string> _negative;

    /// <summary>Creates the scorer with the default lexicon, optionally extended.</summary>
    public LexiconSentimentScorer(IEnumerable<string>? extraPositive = null, IEnumerable<string>? extraNegative = null)
    {
        _positive = new HashSet<string>(DefaultPositive.Concat(extraPositive ?? []), StringComparer.OrdinalIgnoreCase);
        _negative = new HashSet<string>(DefaultNegative.Concat(extraNegative ?? []), StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int positive = 0, negative = 0, sinceNegation = int.MaxValue;
        foreach (var raw in text.Split([' ', '\t', '\n', '\r', ',', '.', ';', ':', '!', '?', '"', '(', ')', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            string word = raw.Trim('-');
            if (Negations.Contains(word) || word.EndsWith("n't", StringComparison.OrdinalIgnoreCase))
            {
                sinceNegation = 0;
                continue;
            }

            bool negated = sinceNegation < 2;
            sinceNegation = sinceNegation == int.MaxValue ? int.MaxValue : sinceNegation + 1;
            if (_positive.Contains(word))
            {
                if (negated) negative++; else positive++;
            }
            else if (_negative.Contains(word))
            {
                if (negated) positive++; else negative++;
            }
        }

        return (positive - negative) / (double)(positive + negative + 1);
    }
}
