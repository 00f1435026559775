using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Cli;

/// <summary><c>psdk train</c>: trains a forecaster on a candle file and saves a .psdk bundle.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet), oldest first.", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "Symbol of the candles, e.g. BTC-USD or QQQ.", Required = true };
        var model = new Option<string>("--model") { Description = "hybrid, lstm or transformer.", DefaultValueFactory = _ => "hybrid" };
        var horizons = new Option<string>("--horizon") { Description = "Comma-separated horizons in bars.", DefaultValueFactory = _ => "1,5,15" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping may end sooner).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per gradient step.", DefaultValueFactory = _ => 256 };
        var trainDays = new Option<double?>("--train-days") { Description = "Length of the training window from the first candle, in days; default: the first 70 % of the samples." };
        var seed = new Option<int>("--seed") { Description = "Seed for weights, dropout and batch order.", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo>("--output") { Description = "Bundle to write (.psdk).", Required = true };
        var command = new Command("train", "Trains a Hybrid, LSTM or Transformer forecaster on a candle file, evaluates it on the held-out tail and saves a .psdk bundle.")
        {
            input, symbol, model, horizons, epochs, batch, trainDays, seed, output,
        };

        command.SetAction(async (parse, ct) =>
        {
            var modelType = ParseModel(parse.GetValue(model)!);
            var options = new TrainerOptions
            {
                Symbol = Symbol.Parse(parse.GetValue(symbol)!),
                Horizons = ParseHorizons(parse.GetValue(horizons)!),
                TrainPeriod = parse.GetValue(trainDays) is { } days ? TimeSpan.FromDays(days) : null,
            };

            var file = parse.GetValue(input)!;
            var candles = await CandleFile.ReadAllAsync(file.FullName, ct).ConfigureAwait(false);
            Console.WriteLine($"{options.Symbol}: {candles.Count:N0} bars from {file.Name}");
            using var trainer = new ModelTrainer(options);
            await trainer.PrepareDataAsync(candles, ct).ConfigureAwait(false);
            var data = trainer.Data;
            Console.WriteLine($"{data.FeatureCount} features × {data.Spec.WindowLength} bars; {data.Fit.Count:N0} training, {data.Validation.Count:N0} validation, {data.Holdout.Count:N0} held-out samples");

            var modelOptions = ModelOptions.For(modelType);
            modelOptions.Seed = parse.GetValue(seed);
            trainer.ConfigureModel(modelOptions);
            var history = await trainer.TrainAsync(parse.GetValue(epochs), parse.GetValue(batch), earlyStopping: true, new TextProgressBar(Console.Out), ct).ConfigureAwait(false);
            Console.WriteLine($"Best epoch {history.BestEpoch} of {history.Epochs.Count}: validation loss {history.BestValidationLoss.ToString("F4", CultureInfo.InvariantCulture)}; {history.SamplesPerSecond:N0} samples/s");

            var report = await trainer.EvaluateAsync(progress: new Progress<string>(l => Console.Error.WriteLine(l)), cancellationToken: ct).ConfigureAwait(false);
            Console.WriteLine(report.ToMarkdown());

            var path = parse.GetValue(output)!.FullName;
            trainer.SaveModel(path, ct);
            Console.WriteLine($"Saved {path}");
            return 0;
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
