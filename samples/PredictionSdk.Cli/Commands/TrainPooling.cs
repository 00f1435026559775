using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Cli;

/// <summary>
/// <c>psdk train --pool FILE,FILE,...</c> (one model on several symbols) and <c>psdk train --fine-tune-from BUNDLE</c>
/// (continue a bundle's training on new candles): the options, their parsing and the two runs.
/// </summary>
internal sealed class TrainPooling
{
    public Option<string?> Pool { get; } = new("--pool")
    {
        Description = "Comma-separated candle files to train one pooled model on, as SYMBOL=FILE or FILE (the symbol is the file name up to its first '-', e.g. NEARUSDT-1m-2023-02.csv.gz). Each symbol keeps its own split and scaler; --input and --symbol are not used.",
    };

    public Option<FileInfo?> FineTuneFrom { get; } = new("--fine-tune-from")
    {
        Description = "Bundle (.psdk) to continue training from on --input (of --symbol, a pool symbol or a new one): its features, network and output scale are kept; 3 epochs at a tenth of its learning rate unless --epochs or --fine-tune-lr-factor say otherwise.",
    };

    public Option<double> LearningRateFactor { get; } = new("--fine-tune-lr-factor")
    {
        Description = "With --fine-tune-from: multiplies the parent's learning rate.",
        DefaultValueFactory = _ => 0.1,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Pool);
        command.Options.Add(FineTuneFrom);
        command.Options.Add(LearningRateFactor);
    }

    /// <summary>Parses <c>SYMBOL=FILE</c> or <c>FILE</c> items; the symbol of a bare file is its name up to the first '-'.</summary>
    public static IReadOnlyList<(Symbol Symbol, string Path)> ParsePool(string text)
    {
        var members = new List<(Symbol, string)>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            string path = equals >= 0 ? item[(equals + 1)..] : item;
            string name = equals >= 0 ? item[..equals] : Path.GetFileName(path).Split('-', '.')[0];
            if (!Symbol.TryParse(name, out var symbol))
            {
                throw new CommandException(ExitCodes.BadInput, $"--pool: '{name}' (from '{item}') is not a symbol; write SYMBOL=FILE.");
            }

            members.Add((symbol, CommandInput.File(Path.GetFullPath(path), "--pool")));
        }

        return members.Count >= 2 ? members : throw new CommandException(ExitCodes.BadInput, $"--pool needs at least two files; got {members.Count}.");
    }

    /// <summary>Reads every pool file and prepares the pooled data.</summary>
    public static async Task PrepareAsync(ModelTrainer trainer, string pool, TextWriter stdout, CancellationToken ct)
    {
        var series = new List<SymbolSeries>();
        foreach (var (symbol, path) in ParsePool(pool))
        {
            var candles = await CandleFile.ReadAllAsync(path, ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"{symbol}: {candles.Count:N0} bars from {Path.GetFileName(path)}").ConfigureAwait(false);
            series.Add(new SymbolSeries(symbol, candles, path));
        }

        trainer.PreparePool(series);
    }

    /// <summary>The parent bundle and the options that prepare data as it was prepared.</summary>
    public static (ModelBundle Parent, TrainerOptions Options) LoadParent(string path, Symbol symbol)
    {
        var parent = ModelBundle.Load(CommandInput.File(path, "--fine-tune-from"));
        return (parent, TrainerOptions.FromBundle(parent, symbol));
    }

    /// <summary>Prints the holdout report of each pool symbol (a single model's report is printed by the caller).</summary>
    public static async Task PrintPoolReportsAsync(ModelTrainer trainer, EvaluationReport first, TextWriter stdout)
    {
        var reports = trainer.PoolReports.Count > 0 ? trainer.PoolReports : [first];
        foreach (var report in reports)
        {
            await stdout.WriteLineAsync(report.ToMarkdown()).ConfigureAwait(false);
        }
    }

    public static string Describe(ModelBundle parent) =>
        string.Create(CultureInfo.InvariantCulture, $"Fine-tuning {parent.Version} (trained on {string.Join(", ", parent.Symbols)})");
}
