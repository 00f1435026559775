using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;
using PredictionSdk.IO;
using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Cli;

/// <summary><c>psdk baselines</c>: walk-forward evaluation of the torch-free baselines on a candle file.</summary>
internal static class BaselinesCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet).", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "Symbol, e.g. BTC-USDT or QQQ (a plain ticker selects stock calendar and session features).", Required = true };
        var interval = new Option<string>("--interval") { Description = "Bar interval of the file.", DefaultValueFactory = _ => "1m" };
        var horizons = new Option<string>("--horizon") { Description = "Comma-separated horizons in bars.", DefaultValueFactory = _ => "1,5,15" };
        var window = new Option<int>("--window") { Description = "Feature rows per model window.", DefaultValueFactory = _ => 32 };
        var folds = new Option<int>("--folds") { Description = "Walk-forward test folds over the second half of the samples.", DefaultValueFactory = _ => 4 };
        var fee = new Option<double>("--fee-bps") { Description = "Sign-strategy cost per unit of turnover, in basis points.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of Markdown." };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the JSON report to this file." };
        var deep = new Option<string?>("--deep") { Description = "Also retrain these deep models on every fold, e.g. hybrid or hybrid,lstm,transformer (default sizes)." };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per fold for --deep models (early stopping may end sooner).", DefaultValueFactory = _ => 5 };
        var features = new Option<string>("--features")
        {
            Description = "Comma-separated feature sets, one table each (ablation): ohlcv (the default features), orderflow (plus the order-flow group; the file must report order flow on every bar).",
            DefaultValueFactory = _ => "ohlcv",
        };
        var external = ExternalSeriesArguments.Create(forTraining: true);
        var context = ContextArguments.Create("each feature set is measured without and with these symbols' returns, volatility (and order flow with orderflow) on the same minutes.");
        var command = new Command("baselines", "Walk-forward, out-of-sample evaluation of the persistence, EMA drift, ridge/logistic and LightGBM baselines (and, with --deep, deep models retrained per fold) on a candle file.")
        {
            input, symbol, interval, horizons, window, folds, fee, json, jsonOut, deep, epochs, features, external, context,
        };

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var progress = new ProgressLines(parse.InvocationConfiguration.Error);
            var deepModels = (parse.GetValue(deep) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(m => DeepCandidates.Retrained(ModelOptions.For(TrainCommand.ParseModel(m)), parse.GetValue(epochs), progress: progress))
                .ToArray(); // an unknown model name fails here, before any data is read
            var sym = Symbol.Parse(parse.GetValue(symbol)!);
            var spec = new FeatureSpec
            {
                BaseInterval = Interval.Parse(parse.GetValue(interval)!).Name,
                AssetClass = sym.AssetClass,
                WindowLength = parse.GetValue(window),
                Horizons = parse.GetValue(horizons)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(h => int.Parse(h, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray(),
            };
            string[] sets = ParseFeatureSets(parse.GetValue(features)!);
            var externalArguments = ExternalSeriesArguments.Parse(parse.GetValue(external));
            string file = CommandInput.File(parse.GetValue(input)!.FullName);
            var candles = await CandleFile.ReadAllAsync(file, ct).ConfigureAwait(false);
            var externalSpecs = await ExternalSeriesArguments.LoadAsync(externalArguments, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            var contextPairs = ContextArguments.Parse(parse.GetValue(context));
            if (contextPairs.Count > 0 && externalSpecs.Count > 0)
            {
                throw new ArgumentException("--context and --external are measured one at a time; give one of them.");
            }

            var contextBars = await ContextArguments.LoadAsync(contextPairs, ct).ConfigureAwait(false);
            var options = new WalkForwardOptions { Folds = parse.GetValue(folds), FeeBps = parse.GetValue(fee) };
            foreach (string set in sets)
            {
                var setSpec = set == "ohlcv" ? spec : spec.WithOrderFlowIfReported(candles);
                if (set == "orderflow" && !setSpec.HasOrderFlow)
                {
                    int line = candles.ToList().FindIndex(c => !c.HasOrderFlow);
                    throw new CandleFormatException("--features orderflow needs quote volume, trade count and taker-buy volume on every bar; this bar has none", file,
                        null, "order flow", line < 0 ? "no bars" : candles[line].ToString());
                }

                // With --external or --context, each set is measured without and with them on the same minutes (ablation).
                var variants = contextBars.Count > 0 ? ExternalAblation.BuildContext(candles, setSpec, contextBars, set)
                    : externalSpecs.Count == 0 ? [(set, SupervisedDataset.Build(candles, setSpec))]
                    : ExternalAblation.Build(candles, setSpec, externalSpecs, set);
                foreach (var (label, data) in variants)
                {
                    var report = await WalkForwardEvaluator.RunAsync(data, candles, [.. deepModels, .. BaselineCandidates.AllWithLightGbm()], options,
                        $"{sym} {spec.BaseInterval} features {label}", progress, ct).ConfigureAwait(false);
                    if (parse.GetValue(jsonOut) is { } path)
                    {
                        // One file per table when several are compared: report.json → report-orderflow.json, report-ohlcv+NAME.json.
                        string target = sets.Length == 1 && variants.Count == 1 ? path.FullName
                            : Path.Combine(path.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(path.Name)}-{label}{path.Extension}");
                        await AtomicFile.WriteAllTextAsync(target, report.ToJson(), ct).ConfigureAwait(false);
                    }

                    await stdout.WriteLineAsync(parse.GetValue(json) ? report.ToJson() : report.ToMarkdown()).ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string[] ParseFeatureSets(string text)
    {
        var sets = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => s.ToLowerInvariant()).Distinct().ToArray();
        if (sets.Length == 0 || sets.Any(s => s is not ("ohlcv" or "orderflow")))
        {
            throw new ArgumentException($"--features takes ohlcv and/or orderflow, comma-separated; got '{text}'.");
        }

        return sets;
    }
}
