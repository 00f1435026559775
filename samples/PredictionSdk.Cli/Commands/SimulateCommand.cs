using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PredictionSdk.Data;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.IO;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Drift;
using PredictionSdk.Streaming;
using PredictionSdk.Validation;

namespace PredictionSdk.Cli;

/// <summary><c>psdk simulate</c>: replays a candle file through the live adaptation loop, static and adaptive side by side.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet), oldest first.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Champion bundle (.psdk). Default: one trained on the file's first --train-days days, which are then not simulated." };
        var symbol = new Option<string>("--symbol") { Description = "Symbol of the candles, e.g. FIL-USDT.", DefaultValueFactory = _ => "BTC-USDT" };
        var adaptive = new Option<bool>("--adaptive") { Description = "Run the adaptive loop beside the static champion (drift, scheduled and drift-triggered retraining, promotion, rollback)." };
        var every = new Option<string?>("--retrain-every") { Description = "Retrain every this much market time, e.g. 6h, 90m, 1d. Default: on drift only." };
        var drift = new Option<string>("--drift") { Description = "Drift detector: adwin, page-hinkley or both.", DefaultValueFactory = _ => "both" };
        var gap = new Option<string>("--min-retrain-gap") { Description = "Least market time between two retrains, whatever triggers them.", DefaultValueFactory = _ => "6h" };
        var noDrift = new Option<bool>("--no-drift-retrain") { Description = "Do not retrain on drift alarms (the schedule alone)." };
        var trainDays = new Option<double>("--train-days") { Description = "Days of stored bars each retrain (and the default champion) trains on.", DefaultValueFactory = _ => 7 };
        var challenger = new Option<string>("--challenger") { Description = "How a retrain starts: scratch (new weights) or fine-tune (the champion's weights at a tenth of its learning rate).", DefaultValueFactory = _ => "scratch" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per retrain.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "CPU threads a retrain may use.", DefaultValueFactory = _ => 1 };
        var minSamples = new Option<int>("--min-samples") { Description = "Paired minutes the promotion rule needs.", DefaultValueFactory = _ => 1_440 };
        var maxBars = new Option<int?>("--max-bars") { Description = "Simulate only the first this many bars (after the default champion's training days)." };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Write the results as JSON: static, adaptive, retrains, promotions, rollbacks, daily scores." };
        var command = new Command("simulate", "Replays a candle file through the live loop's own components on the file's clock: the static champion and, with --adaptive, the champion under drift monitoring, retraining, shadow challengers, promotion and rollback.")
        {
            input, model, symbol, adaptive, every, drift, gap, noDrift, trainDays, challenger, epochs, threads, minSamples, maxBars, jsonOut,
        };

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var clock = Stopwatch.StartNew();
            string inputPath = CommandInput.File(parse.GetValue(input)!.FullName);
            var sym = Symbol.Parse(parse.GetValue(symbol)!);
            var candles = await CandleFile.ReadAllAsync(inputPath, ct).ConfigureAwait(false);
            var interval = IntervalDetector.Detect(candles) ?? throw new CommandException(ExitCodes.BadInput, $"--input {inputPath}: too few bars to tell their interval");
            var window = TimeSpan.FromDays(parse.GetValue(trainDays));
            string folder = Directory.CreateTempSubdirectory("psdk-simulate-").FullName;
            try
            {
                string bundlePath;
                if (parse.GetValue(model) is { } given)
                {
                    bundlePath = CommandInput.File(given.FullName, "--model");
                }
                else
                {
                    // No model given: train the first champion on the opening days and simulate only what follows them.
                    var opening = candles.TakeWhile(c => c.Timestamp < candles[0].Timestamp + window).ToList();
                    candles = candles.Skip(opening.Count).ToList();
                    await stderr.WriteLineAsync($"Training the initial champion on {opening.Count:N0} bars ({opening[0].Timestamp:u} – {opening[^1].Timestamp:u})…").ConfigureAwait(false);
                    var first = new TorchChallengerTrainer(Models.ModelType.Hybrid, Models.Features.FeatureSpec.Default(sym.AssetClass), [1, 5], parse.GetValue(epochs), seed: 42);
                    bundlePath = await first.TrainAsync(
                        new ChallengerTrainingRequest { Symbol = sym, Interval = interval, Candles = opening, Threads = parse.GetValue(threads), OutputPath = Path.Combine(folder, "initial.psdk"), Request = new RetrainRequest(sym, RetrainTrigger.Manual, opening[^1].Timestamp, "none", "initial champion") },
                        null,
                        ct).ConfigureAwait(false);
                }

                if (parse.GetValue(maxBars) is { } max && max < candles.Count)
                {
                    candles = candles.Take(max).ToList();
                }

                var bundle = ModelBundle.Load(bundlePath);
                using var models = BundlePredictors.FromBundle(bundle, bundlePath);
                string championId = Path.GetFileNameWithoutExtension(bundlePath);
                using var sqlite = new SqliteCandleStore(Path.Combine(folder, "candles.db"));
                var store = new PersistingStore(sqlite, sym, interval);
                var simulation = new Simulation(sym, interval, store);
                AdaptiveLearning? learning = null;
                ChallengerRetrainService? retrain = null;
                if (parse.GetValue(adaptive))
                {
                    var options = new AdaptiveLearningOptions
                    {
                        Drift = { Detectors = ParseDrift(parse.GetValue(drift)!) },
                        Promotion = { MinSamples = parse.GetValue(minSamples) },
                        Retrain =
                        {
                            Every = parse.GetValue(every) is { } text ? ParseDuration(text, "--retrain-every") : null,
                            OnDrift = !parse.GetValue(noDrift),
                            MinInterval = ParseDuration(parse.GetValue(gap)!, "--min-retrain-gap"),
                            TrainingWindow = window,
                            Threads = parse.GetValue(threads),
                            OutputFolder = folder,
                            MinBars = Math.Min(2_000, (int)(window / interval.Duration / 2)),
                        },
                    };
                    learning = new AdaptiveLearning(options, interval);
                    var trainer = new TorchChallengerTrainer(bundle.Manifest.ModelType, bundle.FeatureSpec, bundle.Manifest.Horizons, parse.GetValue(epochs), seed: 42, ParseChallenger(parse.GetValue(challenger)!), bundlePath);
                    retrain = new ChallengerRetrainService(learning, trainer, store);
                    retrain.Finished += (_, r) => stderr.WriteLine($"retrain {r.Request.Trigger} as of {r.Request.AsOf:u}: {r.Status} {r.ChallengerId} ({r.Duration.TotalSeconds:0.0} s){(r.Error is null ? "" : " — " + r.Error)}");
                }

                using (var probe = models.Create(sym, interval))
                {
                    // Fewer bars than the warm-up would score nothing: an empty table is not an answer.
                    if (candles.Count <= probe.RequiredHistory)
                    {
                        retrain?.Dispose();
                        learning?.Dispose();
                        throw new CommandException(ExitCodes.BadInput, $"{candles.Count:N0} bars to simulate, but the model {Path.GetFileName(bundlePath)} needs {probe.RequiredHistory:N0} before its first prediction; give more bars (--input, --max-bars)");
                    }
                }

                await stderr.WriteLineAsync($"Simulating {candles.Count:N0} bars of {sym} ({candles[0].Timestamp:u} – {candles[^1].Timestamp:u}) with {championId}{(learning is null ? "" : ", adaptive")}").ConfigureAwait(false);
                await simulation.RunAsync(candles, () => models.Create(sym, interval), championId, learning, retrain, new Progress<int>(i => stderr.WriteLine($"  bar {i:N0}")), ct).ConfigureAwait(false);

                var json = new JsonObject
                {
                    ["input"] = Path.GetFileName(inputPath),
                    ["symbol"] = sym.Value,
                    ["bars"] = candles.Count,
                    ["from"] = candles[0].Timestamp.ToString("O", CultureInfo.InvariantCulture),
                    ["to"] = candles[^1].Timestamp.ToString("O", CultureInfo.InvariantCulture),
                    ["model"] = championId,
                    ["static"] = simulation.Static.ToJson(1),
                };
                if (learning is not null)
                {
                    json["adaptive"] = simulation.Adaptive.ToJson(learning.Options.DecisionHorizon);
                    json["drift"] = parse.GetValue(drift);
                    json["retrain_every"] = parse.GetValue(every);
                    json["drift_alarms"] = simulation.DriftAlarms;
                    json["drift_events"] = new JsonArray([.. simulation.DriftEvents.Select(e => e.DeepClone())]);
                    json["retrains"] = new JsonArray([.. retrain!.Results.Select(r => (JsonNode)new JsonObject
                    {
                        ["as_of"] = r.Request.AsOf.ToString("O", CultureInfo.InvariantCulture),
                        ["trigger"] = r.Request.Trigger.ToString().ToLowerInvariant(),
                        ["detail"] = r.Request.Detail,
                        ["status"] = r.Status.ToString().ToLowerInvariant(),
                        ["challenger"] = r.ChallengerId,
                        ["bars"] = r.Bars,
                        ["seconds"] = Math.Round(r.Duration.TotalSeconds, 1),
                        ["error"] = r.Error,
                    })]);
                    json["promotions"] = new JsonArray([.. simulation.Decisions.Where(d => (string?)d["rule"] == "diebold-mariano" && (bool?)d["applied"] == true).Select(d => d.DeepClone())]);
                    json["rollbacks"] = new JsonArray([.. simulation.Decisions.Where(d => (string?)d["rule"] == "margin-over-window" && (bool?)d["applied"] == true).Select(d => d.DeepClone())]);
                    json["kept"] = simulation.Decisions.Count(d => (bool?)d["applied"] != true);
                    json["swaps"] = new JsonArray([.. simulation.Swaps.Select(s => s.DeepClone())]);
                    learning.Dispose();
                    retrain.Dispose();
                }

                json["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
                await stdout.WriteLineAsync(Summary(json)).ConfigureAwait(false);
                if (parse.GetValue(jsonOut) is { } outFile)
                {
                    await AtomicFile.WriteAllTextAsync(outFile.FullName, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    internal static TimeSpan ParseDuration(string text, string option)
    {
        text = text.Trim();
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n > 0)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw new ArgumentException($"{option} '{text}' must be a positive duration such as 90m, 6h or 1d.");
    }

    internal static ChallengerStart ParseChallenger(string text) => text.Trim().ToLowerInvariant() switch
    {
        "scratch" => ChallengerStart.Scratch,
        "fine-tune" => ChallengerStart.FineTune,
        _ => throw new ArgumentException($"--challenger '{text}' must be scratch or fine-tune."),
    };

    internal static DriftDetectorKinds ParseDrift(string text) => text.Trim().ToLowerInvariant() switch
    {
        "adwin" => DriftDetectorKinds.Adwin,
        "page-hinkley" => DriftDetectorKinds.PageHinkley,
        "both" => DriftDetectorKinds.Adwin | DriftDetectorKinds.PageHinkley,
        _ => throw new ArgumentException($"--drift '{text}' must be adwin, page-hinkley or both."),
    };

    private static string Summary(JsonObject json)
    {
        string Row(string name, JsonNode? run) => run is null ? "" :
            $"| {name} | {run["direction_accuracy"]} | {run["log_loss"]} | {run["coverage90"]} | {run["samples"]} |\n";
        return $"{json["symbol"]} {json["from"]} – {json["to"]}, {json["bars"]} bars, horizon 1\n\n"
            + "| run | direction accuracy | log loss | 90 % coverage | outcomes |\n|---|---:|---:|---:|---:|\n"
            + Row("static", json["static"]) + Row("adaptive", json["adaptive"])
            + (json["adaptive"] is null ? "" : $"\nretrains {json["retrains"]!.AsArray().Count}, promotions {json["promotions"]!.AsArray().Count}, rollbacks {json["rollbacks"]!.AsArray().Count}, drift alarms {json["drift_alarms"]}\n");
    }
}
