using System.CommandLine;
using PredictionSdk.Data;
using PredictionSdk.Models;
using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Calibration;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;
using PredictionSdk.Validation;

namespace PredictionSdk.Cli;

/// <summary><c>psdk evaluate</c>: walk-forward evaluation of a saved bundle beside the baselines on a candle file.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model bundle (.psdk).", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Candle file (.csv, .csv.gz or .parquet) of the bundle's symbol and interval.", Required = true };
        var folds = new Option<int>("--folds") { Description = "Walk-forward test folds over the second half of the file.", DefaultValueFactory = _ => 4 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of Markdown." };
        var external = ExternalSeriesArguments.Create(forTraining: false);
        var command = new Command("evaluate", "Evaluates a saved model out of sample on a candle file, walk-forward, beside persistence, EMA drift, ridge/logistic and LightGBM baselines.")
        {
            model, input, folds, json, external,
        };

        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            string bundlePath = CommandInput.File(parse.GetValue(model)!.FullName, "--model");
            string inputPath = CommandInput.File(parse.GetValue(input)!.FullName);
            var externalArguments = ExternalSeriesArguments.Parse(parse.GetValue(external));
            var bundle = ModelBundle.Load(bundlePath);
            await ExternalSeriesArguments.LoadForModelAsync(bundle.FeatureSpec, bundlePath, externalArguments, stderr, ct).ConfigureAwait(false);
            // Serving runs the ONNX graph; bundles written before export fall back to eager TorchSharp.
            using var onnx = bundle.GetEntry(ModelBundle.OnnxEntry) is null ? null : LoadedModel.FromBundle(bundle, bundlePath);
            using var torch = onnx is null ? bundle.CreateForecaster(bundlePath) : null;
            IForecaster forecaster = onnx is null ? torch! : onnx.Forecaster;
            var candles = await CandleFile.ReadAllAsync(inputPath, ct).ConfigureAwait(false);
            IntervalDetector.EnsureMatches(bundle.FeatureSpec.Interval, candles, inputPath, $"the model {Path.GetFileName(bundlePath)}");

            // The model keeps the scaler it was trained with; baselines see the same scaled features.
            var data = SupervisedDataset.Build(candles, bundle.FeatureSpec).Scale(bundle.Scaler);
            var options = new WalkForwardOptions { Folds = parse.GetValue(folds), ScaleFeatures = false };
            var planned = WalkForwardEvaluator.PlanFolds(data, options);
            var training = bundle.Manifest.Training;
            if (planned[0].TestFrom <= training.End && planned[^1].TestTo >= training.Start)
            {
                await stderr.WriteLineAsync(
                    $"warning: the test folds ({planned[0].TestFrom:u} – {planned[^1].TestTo:u}) overlap the model's training window ({training.Start:u} – {training.End:u}); its figures are in-sample there.").ConfigureAwait(false);
            }

            var pretrained = new ForecasterCandidate($"{forecaster.Name} (bundle)", (_, _) => ValueTask.FromResult<IForecaster>(new NonOwning(forecaster)));
            var report = await WalkForwardEvaluator.RunAsync(
                data, [pretrained, .. BaselineCandidates.AllWithLightGbm()], options, $"{bundle.Manifest.Symbol} {bundle.Manifest.Interval}", new ProgressLines(stderr), ct).ConfigureAwait(false);
            await stdout.WriteLineAsync(parse.GetValue(json) ? report.ToJson() : report.ToMarkdown()).ConfigureAwait(false);
            if (!parse.GetValue(json) && onnx?.Calibration is { } calibration)
            {
                // Reliability of the bundle's calibrated confidence on the test folds.
                int testFrom = planned[0].TestStart;
                var (forecasts, outcomes) = BundleCalibrator.Run(onnx, data.Slice(testFrom, data.Count - testFrom));
                await stdout.WriteLineAsync().ConfigureAwait(false);
                await stdout.WriteLineAsync("## Calibration on the test folds").ConfigureAwait(false);
                await stdout.WriteLineAsync().ConfigureAwait(false);
                await stdout.WriteLineAsync(CalibrationReport.ToMarkdown(CalibrationReport.Measure(calibration, forecasts, outcomes))).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The evaluator disposes each fold's forecaster; the loaded model serves every fold.
    private sealed class NonOwning(IForecaster inner) : IForecaster
    {
        public string Name => inner.Name;

        public int WindowLength => inner.WindowLength;

        public IReadOnlyList<int> Horizons => inner.Horizons;

        public void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output) => inner.Forecast(window, output);
    }
}
