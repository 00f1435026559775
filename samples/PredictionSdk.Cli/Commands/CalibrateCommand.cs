using System.CommandLine;
using PredictionSdk.Data;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Calibration;
using PredictionSdk.Models.Training.Onnx;
using PredictionSdk.Validation;

namespace PredictionSdk.Cli;

/// <summary><c>psdk calibrate</c>: fits a bundle's calibration after its training window and reports coverage, ECE and reliability on later data.</summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model bundle (.psdk).", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Candle file covering the time after the model's training window.", Required = true };
        var fraction = new Option<double>("--calibration-fraction") { Description = "Share of the out-of-sample bars used to fit; the rest (after a purge gap) tests.", DefaultValueFactory = _ => 0.5 };
        var output = new Option<FileInfo?>("--output") { Description = "Write the calibrated bundle here (default: report only)." };
        var external = ExternalSeriesArguments.Create(forTraining: false);
        var command = new Command("calibrate", "Fits split-conformal intervals and an isotonic direction calibration on the bars after a model's training window, then measures 80/90/95 % coverage, ECE and a reliability table on the bars after that.")
        {
            model, input, fraction, output, external,
        };

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string path = CommandInput.File(parse.GetValue(model)!.FullName, "--model");
            string inputPath = CommandInput.File(parse.GetValue(input)!.FullName);
            var externalArguments = ExternalSeriesArguments.Parse(parse.GetValue(external));
            var bundle = ModelBundle.Load(path);
            await ExternalSeriesArguments.LoadForModelAsync(bundle.FeatureSpec, path, externalArguments, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            if (bundle.GetEntry(ModelBundle.OnnxEntry) is null)
            {
                bundle = bundle.WithOnnx();
            }

            var candles = await CandleFile.ReadAllAsync(inputPath, ct).ConfigureAwait(false);
            IntervalDetector.EnsureMatches(bundle.FeatureSpec.Interval, candles, inputPath, $"the model {Path.GetFileName(path)}");
            var result = BundleCalibrator.Calibrate(bundle, candles, parse.GetValue(fraction));
            await stdout.WriteLineAsync($"{bundle.Manifest.Symbol} {bundle.Manifest.ModelType}: trained to {bundle.Manifest.Training.End:u}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"calibration: {result.CalibrationSamples:N0} samples {result.CalibrationStart:u} – {result.CalibrationEnd:u}; test: {result.TestStart:u} – {result.TestEnd:u}").ConfigureAwait(false);
            await stdout.WriteLineAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync(CalibrationReport.ToMarkdown(result.Test)).ConfigureAwait(false);
            if (parse.GetValue(output) is { } file)
            {
                result.Bundle.Save(file.FullName, ct);
                await stdout.WriteLineAsync($"Saved {file.FullName}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
