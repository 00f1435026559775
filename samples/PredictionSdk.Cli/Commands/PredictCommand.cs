using System.CommandLine;
using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Validation;

namespace PredictionSdk.Cli;

/// <summary><c>psdk predict</c>: the prediction a bundle makes from the latest bars of a candle file, as JSON (ONNX Runtime).</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model bundle (.psdk) with an ONNX graph.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet), oldest first; the prediction is made after its last bar.", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "Bars ahead (one of the model's horizons).", DefaultValueFactory = _ => 1 };
        var symbol = new Option<string?>("--symbol") { Description = "Symbol to report; default: the bundle's." };
        var external = ExternalSeriesArguments.Create(forTraining: false);
        var command = new Command("predict", "Predicts the close a few bars after the last candle of a file with a saved model, and prints the prediction as JSON.")
        {
            model, input, horizon, symbol, external,
        };

        command.SetAction(async (parse, ct) =>
        {
            var externalArguments = ExternalSeriesArguments.Parse(parse.GetValue(external));
            string path = CommandInput.File(parse.GetValue(model)!.FullName, "--model");
            string inputPath = CommandInput.File(parse.GetValue(input)!.FullName);
            var bundle = ModelBundle.Load(path);
            await ExternalSeriesArguments.LoadForModelAsync(bundle.FeatureSpec, path, externalArguments, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            var manifest = bundle.Manifest;
            var name = Symbol.Parse(parse.GetValue(symbol) ?? manifest.Symbol);
            var interval = Interval.Parse(manifest.Interval);
            int ahead = parse.GetValue(horizon);
            if (!manifest.Horizons.Contains(ahead))
            {
                throw new CommandException(ExitCodes.BadInput, $"--horizon {ahead}: the model {Path.GetFileName(path)} predicts horizons {string.Join(", ", manifest.Horizons)} only");
            }

            // --symbol is the explicit mapping that lets a bundle serve another symbol than the one it was trained on.
            using var predictor = new StockCryptoPredictor(name, interval, manifest.ModelType) { BundleSymbol = Symbol.Parse(manifest.Symbol) };
            predictor.LoadModel(bundle, path);

            var candles = await CandleFile.ReadAllAsync(inputPath, ct).ConfigureAwait(false);
            IntervalDetector.EnsureMatches(interval, candles, inputPath, $"the model {Path.GetFileName(path)}");
            int take = Math.Min(candles.Count, predictor.RequiredHistory + 1_000);
            predictor.Observe(candles.Skip(candles.Count - take));
            var prediction = predictor.Predict(ahead);
            await parse.InvocationConfiguration.Output.WriteLineAsync(PredictionJson.Serialize(prediction, indented: true)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
