using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Cli;

/// <summary><c>psdk predict</c>: the prediction a bundle makes from the latest bars of a candle file, as JSON (ONNX Runtime).</summary>
internal static class PredictCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model bundle (.psdk) with an ONNX graph.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet), oldest first; the prediction is made after its last bar.", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "Bars ahead (one of the model's horizons).", DefaultValueFactory = _ => 1 };
        var symbol = new Option<string?>("--symbol") { Description = "Symbol to report; default: the bundle's." };
        var command = new Command("predict", "Predicts the close a few bars after the last candle of a file with a saved model, and prints the prediction as JSON.")
        {
            model, input, horizon, symbol,
        };

        command.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(model)!.FullName;
            var bundle = ModelBundle.Load(path);
            var manifest = bundle.Manifest;
            var name = Symbol.Parse(parse.GetValue(symbol) ?? manifest.Symbol);
            using var predictor = new StockCryptoPredictor(name, Interval.Parse(manifest.Interval), manifest.ModelType);
            predictor.LoadModel(bundle, path);

            var candles = await CandleFile.ReadAllAsync(parse.GetValue(input)!.FullName, ct).ConfigureAwait(false);
            int take = Math.Min(candles.Count, predictor.RequiredHistory + 1_000);
            predictor.Observe(candles.Skip(candles.Count - take));
            var prediction = predictor.Predict(parse.GetValue(horizon));
            Console.WriteLine(JsonSerializer.Serialize(
                new
                {
                    symbol = prediction.Symbol.Value,
                    interval = prediction.Interval.Name,
                    prediction.Timestamp,
                    prediction.TargetTime,
                    prediction.Horizon,
                    prediction.CurrentPrice,
                    prediction.PredictedPrice,
                    prediction.ChangePercent,
                    prediction.Direction,
                    prediction.Confidence,
                    prediction.Lower,
                    prediction.Upper,
                    prediction.IntervalCoverage,
                    prediction.Indicators,
                    prediction.ModelVersion,
                },
                Json));
            return 0;
        });
        return command;
    }
}
