using System.Globalization;
using System.Text;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Calibration;
using PredictionSdk.Models.Training.Onnx;

namespace PredictionSdk.Models.Training;

public sealed partial class ModelTrainer
{
    /// <summary>Calibration measured on the holdout by the latest <see cref="BuildBundle"/> or <see cref="SaveModelAsync(string, CancellationToken)"/>, if any.</summary>
    public IReadOnlyList<HorizonCalibrationReport>? CalibrationReport { get; private set; }

    /// <summary>
    /// Adds what serving needs: the ONNX graph, and a calibration fit on the validation window (after the fit
    /// window, before the holdout) with its coverage and ECE measured on the holdout.
    /// </summary>
    private ModelBundle AddServingEntries(ModelBundle bundle)
    {
        bundle = bundle.WithOnnx();
        var data = Data;
        if (data.Validation.Count < 20)
        {
            return bundle;
        }

        using var model = LoadedModel.FromBundle(bundle);
        var (fitForecasts, fitOutcomes) = BundleCalibrator.Run(model, data.Validation);
        var calibration = ForecastCalibration.Fit(bundle.Manifest.Horizons, fitForecasts, fitOutcomes) with
        {
            WindowStart = data.Validation.Timestamp(0),
            WindowEnd = data.Validation.Timestamp(data.Validation.Count - 1),
        };
        var metrics = new Dictionary<string, double>(bundle.Manifest.Metrics);
        CalibrationReport = null;
        if (data.Holdout.Count > 0)
        {
            var (testForecasts, testOutcomes) = BundleCalibrator.Run(model, data.Holdout);
            CalibrationReport = Calibration.CalibrationReport.Measure(calibration, testForecasts, testOutcomes);
            foreach (var r in CalibrationReport)
            {
                string h = "calibration.h" + r.Horizon.ToString(CultureInfo.InvariantCulture);
                if (r.Coverage.TryGetValue(0.9, out double c))
                {
                    metrics[h + ".coverage90"] = c;
                }

                metrics[h + ".ece"] = r.Ece;
            }
        }

        return bundle
            .WithEntry(ModelBundle.CalibrationEntry, Encoding.UTF8.GetBytes(calibration.ToJson()), "split-conformal intervals and isotonic direction calibration (validation window)")
            .WithManifest(bundle.Manifest with { Metrics = metrics });
    }
}
