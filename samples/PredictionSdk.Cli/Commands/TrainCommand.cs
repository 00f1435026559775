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
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet), oldest first.", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "Symbol of the candles, e.g. BTC-USD or QQQ.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Bar interval of the file; training refuses bars of another interval.", DefaultValueFactory = _ => "1m" };
        var policy = new Option<ValidationPolicy>("--validation") { Description = "What to do with candles that break a validation rule: repair (fix what can be fixed, drop the rest), skip (drop them) or reject (refuse the file). Recorded in the bundle.", DefaultValueFactory = _ => ValidationPolicy.Repair };
        var model = new Option<string>("--model") { Description = "hybrid, lstm or transformer.", DefaultValueFactory = _ => "hybrid" };
        var horizons = new Option<string>("--horizon") { Description = "Comma-separated horizons in bars.", DefaultValueFactory = _ => "1,5,15" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping may end sooner).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per gradient step.", DefaultValueFactory = _ => 256 };
        var trainDays = new Option<double?>("--train-days") { Description = "Length of the training window from the first candle, in days; default: the first 70 % of the samples." };
        var seed = new Option<int>("--seed") { Description = "Seed for weights, dropout and batch order.", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo>("--output") { Description = "Bundle to write (.psdk).", Required = true };
        var external = ExternalSeriesArguments.Create(forTraining: true);
        var command = new Command("train", "Trains a Hybrid, LSTM or Transformer forecaster on a candle file, evaluates it on the held-out tail and saves a .psdk bundle.")
        {
            input, symbol, interval, policy, model, horizons, epochs, batch, trainDays, seed, output, external,
        };

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var modelType = ParseModel(parse.GetValue(model)!);
            var externalArguments = ExternalSeriesArguments.Parse(parse.GetValue(external));
            var options = new TrainerOptions
            {
                Symbol = Symbol.Parse(parse.GetValue(symbol)!),
                Interval = Interval.Parse(parse.GetValue(interval)!),
                Horizons = ParseHorizons(parse.GetValue(horizons)!),
                TrainPeriod = parse.GetValue(trainDays) is { } days ? TimeSpan.FromDays(days) : null,
                DataValidation = parse.GetValue(policy),
            };

            string path = CommandInput.File(parse.GetValue(input)!.FullName);
            var candles = await CandleFile.ReadAllAsync(path, ct).ConfigureAwait(false);
            if (externalArguments.Count > 0)
            {
                // The bundle records each series' name, lag and max age; stream and predict need the same names.
                var series = await ExternalSeriesArguments.LoadAsync(externalArguments, stdout, ct).ConfigureAwait(false);
                options.Features = FeatureSpec.Default(options.Symbol.AssetClass) with { ExternalSeries = series };
            }

            await stdout.WriteLineAsync($"{options.Symbol}: {candles.Count:N0} bars from {Path.GetFileName(path)}").ConfigureAwait(false);
            using var trainer = new ModelTrainer(options);
            trainer.PrepareData(candles, path);
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

            var modelOptions = ModelOptions.For(modelType);
            modelOptions.Seed = parse.GetValue(seed);
            trainer.ConfigureModel(modelOptions);
            var history = await trainer.TrainAsync(new TrainingOptions { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch) }, new TextProgressBar(stdout), ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Best epoch {history.BestEpoch} of {history.Epochs.Count}: validation loss {history.BestValidationLoss.ToString("F4", CultureInfo.InvariantCulture)}; {history.SamplesPerSecond:N0} samples/s").ConfigureAwait(false);

            var report = await trainer.EvaluateAsync(progress: new ProgressLines(stderr), cancellationToken: ct).ConfigureAwait(false);
            await stdout.WriteLineAsync(report.ToMarkdown()).ConfigureAwait(false);

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
