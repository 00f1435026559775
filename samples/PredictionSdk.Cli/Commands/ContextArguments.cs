using System.CommandLine;
using PredictionSdk.Data;

namespace PredictionSdk.Cli;

/// <summary>
/// The <c>--context SYMBOL=FILE[,SYMBOL=FILE...]</c> option shared by baselines, train and stream: other symbols' candle
/// files whose bars of the same minutes a model reads (cross-asset context).
/// </summary>
internal static class ContextArguments
{
    private const string Syntax = "SYMBOL=FILE[,SYMBOL=FILE...]";

    /// <summary>The <c>--context</c> option (repeatable, and each value may list several pairs).</summary>
    public static Option<string[]> Create(string purpose) => new("--context")
    {
        Description = $"Context symbols' candle files, {Syntax} (repeatable): {purpose}",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Parses every value into (symbol, file) pairs in the order given; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static IReadOnlyList<(Symbol Symbol, string File)> Parse(IEnumerable<string>? values)
    {
        var pairs = new List<(Symbol, string)>();
        foreach (string value in values ?? [])
        {
            foreach (string pair in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || equals == pair.Length - 1 || !Symbol.TryParse(pair[..equals].Trim(), out var symbol))
                {
                    throw new ArgumentException($"--context '{pair}' must be {Syntax}, e.g. BTC-USDT=btc.csv.gz.");
                }

                if (pairs.Any(p => p.Item1 == symbol))
                {
                    throw new ArgumentException($"--context names {symbol} twice.");
                }

                pairs.Add((symbol, pair[(equals + 1)..].Trim()));
            }
        }

        return pairs;
    }

    /// <summary>Reads each file (CSV, CSV.gz or Parquet, with order flow when the file has it).</summary>
    public static async Task<Dictionary<Symbol, IReadOnlyList<Candle>>> LoadAsync(IReadOnlyList<(Symbol Symbol, string File)> pairs, CancellationToken cancellationToken)
    {
        var context = new Dictionary<Symbol, IReadOnlyList<Candle>>();
        foreach (var (symbol, file) in pairs)
        {
            context[symbol] = await CandleFile.ReadAllAsync(CommandInput.File(file, $"--context {symbol}"), cancellationToken).ConfigureAwait(false);
        }

        return context;
    }
}
