using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;
using PredictionSdk.Validation;

namespace PredictionSdk.Cli;

/// <summary><c>psdk train</c>: trains a forecaster on a candle file and saves a .psdk bundle.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet), oldest first. Required unless --pool is given." };
        var symbol = new Option<string>("--symbol") { Description = "Symbol of the candles, e.g. BTC-USD or QQQ. Required unless --pool is given." };
        var interval = new Option<string>("--interval") { Description = "Bar interval of the file; training refuses bars of another interval.", DefaultValueFactory = _ => "1m" };
        var policy = new Option<ValidationPolicy>("--validation") { Description = "What to do with candles that break a validation rule: repair (fix what can be fixed, drop the rest), skip (drop them) or reject (refuse the file). Recorded in the bundle.", DefaultValueFactory = _ => ValidationPolicy.Repair };
        var model = new Option<string>("--model") { Description = "hybrid, lstm or transformer.", DefaultValueFactory = _ => "hybrid" };
        var horizons = new Option<string>("--horizon") { Description = "Comma-separated horizons in bars.", DefaultValueFactory = _ => "1,5,15" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping may end sooner). With --fine-tune-from, 0 trains nothing and evaluates the parent on this data as it is (zero-shot).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per gradient step.", DefaultValueFactory = _ => 256 };
        var trainDays = new Option<double?>("--train-days") { Description = "Length of the training window from the first candle, in days; default: the first 70 % of the samples." };
        var seed = new Option<int>("--seed") { Description = "Seed for weights, dropout and batch order.", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo>("--output") { Description = "Bundle to write (.psdk).", Required = true };
        var external = ExternalSeriesArguments.Create(forTraining: true);
        var command = new Command("train", "Trains a Hybrid, LSTM or Transformer forecaster on a candle file, evaluates it on the held-out tail and saves a .psdk bundle.")
        {
            input, symbol, interval, policy, model, horizons, epochs, batch, trainDays, seed, output, external,
        };
        var pooling = new TrainPooling();
        pooling.AddTo(command);

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var modelType = ParseModel(parse.GetValue(model)!);
            var externalArguments = ExternalSeriesArguments.Parse(parse.GetValue(external));
            string? pool = parse.GetValue(pooling.Pool);
            if (pool is null && (parse.GetValue(input) is null || parse.GetValue(symbol) is null))
            {
                throw new CommandException(ExitCodes.BadInput, "--input and --symbol are required (or --pool FILE,FILE,...)");
            }

            var target = pool is null ? Symbol.Parse(parse.GetValue(symbol)!) : default;
            var (parent, options) = parse.GetValue(pooling.FineTuneFrom) is { } parentFile
                ? TrainPooling.LoadParent(parentFile.FullName, target)
                : (null, new TrainerOptions { Symbol = target, Interval = Interval.Parse(parse.GetValue(interval)!), Horizons = ParseHorizons(parse.GetValue(horizons)!) });
            options.Symbol = pool is null ? target : TrainPooling.ParsePool(pool)[0].Symbol;
            options.TrainPeriod = parse.GetValue(trainDays) is { } days ? TimeSpan.FromDays(days) : null;
            options.DataValidation = parse.GetValue(policy);

            if (externalArguments.Count > 0)
            {
                if (pool is not null)
                {
                    throw new CommandException(ExitCodes.BadInput, "--external cannot be combined with --pool");
                }

                // The bundle records each series' name, lag and max age; stream and predict need the same names.
                var series = await ExternalSeriesArguments.LoadAsync(externalArguments, stdout, ct).ConfigureAwait(false);
                options.Features = (options.Features ?? FeatureSpec.Default(options.Symbol.AssetClass)) with { ExternalSeries = series };
            }

            using var trainer = new ModelTrainer(options);
            if (pool is not null)
            {
                await TrainPooling.PrepareAsync(trainer, pool, stdout, ct).ConfigureAwait(false);
            }
            else
            {
                string path = CommandInput.File(parse.GetValue(input)!.FullName);
                var candles = await CandleFile.ReadAllAsync(path, ct).ConfigureAwait(false);
                await stdout.WriteLineAsync($"{options.Symbol}: {candles.Count:N0} bars from {Path.GetFileName(path)}").ConfigureAwait(false);
                trainer.PrepareData(candles, path);
            }
            var data = trainer.Data;
            if (data.DataQuality is { } quality)
            {
                await stdout.WriteLineAsync($"Validation: {quality}").ConfigureAwait(false);
                foreach (string example in quality.Examples.Take(5))
                {
                    await stdout.WriteLineAsync("  " + example).ConfigureAwait(false);
                }
            }

            await stdout.WriteLineAsync($"{data.FeatureCount} features × {data.Spec.WindowLength} bars; {data.Fit.Count:N0} training, {data.Validation.Count:N0} validation, {data.Holdout.Count:N0} held-out samples").ConfigureAwait(false);

            TrainingHistory history;
            if (parent is not null)
            {
                await stdout.WriteLineAsync(TrainPooling.Describe(parent)).ConfigureAwait(false);
                var fineTune = new FineTuneOptions
                {
                    Epochs = parse.GetResult(epochs) is { Implicit: false } ? parse.GetValue(epochs) : new FineTuneOptions().Epochs,
                    BatchSize = parse.GetValue(batch),
                    LearningRateFactor = parse.GetValue(pooling.LearningRateFactor),
                    Seed = parse.GetResult(seed) is { Implicit: false } ? parse.GetValue(seed) : null,
                };
                history = await trainer.FineTuneAsync(parent, fineTune, new TextProgressBar(stdout), ct).ConfigureAwait(false);
                await stdout.WriteLineAsync($"Parent's validation loss on this data: {history.InitialValidationLoss?.ToString("F4", CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            }
            else
            {
                var modelOptions = ModelOptions.For(modelType);
                modelOptions.Seed = parse.GetValue(seed);
                trainer.ConfigureModel(modelOptions);
                history = await trainer.TrainAsync(new TrainingOptions { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch) }, new TextProgressBar(stdout), ct).ConfigureAwait(false);
            }

            await stdout.WriteLineAsync($"Best epoch {history.BestEpoch} of {history.Epochs.Count}: validation loss {history.BestValidationLoss.ToString("F4", CultureInfo.InvariantCulture)}; {history.SamplesPerSecond:N0} samples/s").ConfigureAwait(false);

            var report = await trainer.EvaluateAsync(progress: new ProgressLines(stderr), cancellationToken: ct).ConfigureAwait(false);
            await TrainPooling.PrintPoolReportsAsync(trainer, report, stdout).ConfigureAwait(false);

            var outPath = parse.GetValue(output)!.FullName;
            await trainer.SaveModelAsync(outPath, ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Saved {outPath}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static ModelType ParseModel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "hybrid" => ModelType.Hybrid,
        "lstm" => ModelType.Lstm,
        "transformer" => ModelType.Transformer,
        _ => throw new ArgumentException($"Unknown model '{text}'. Use hybrid, lstm or transformer."),
    };

    internal static int[] ParseHorizons(string text)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(h => int.Parse(h, NumberStyles.None, CultureInfo.InvariantCulture))
                .ToArray();
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"--horizon '{text}' must be a comma-separated list of positive bar counts, e.g. 1,5,15.", ex);
        }
    }
}
