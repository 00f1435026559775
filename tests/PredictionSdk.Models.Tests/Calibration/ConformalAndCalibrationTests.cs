using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models.Tests.Calibration;

public class ConformalAndCalibrationTests
{
    [Fact]
    public void Conformal_quantile_is_the_finite_sample_rank()
    {
        double[] scores = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10];   // 1..10 shuffled
        // n = 10, coverage 0.8: rank ceil(11 · 0.8) = 9 → 9.
        Assert.Equal(9, SplitConformal.Quantile(scores, 0.8));
        // coverage 0.5: rank ceil(5.5) = 6 → 6.
        Assert.Equal(6, SplitConformal.Quantile(scores, 0.5));
        // coverage 0.95 needs rank 11 > n: no finite guarantee.
        Assert.Equal(double.PositiveInfinity, SplitConformal.Quantile(scores, 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => SplitConformal.Quantile(scores, 1.0));
    }

    [Fact]
    public void Normalized_score_is_negative_inside_and_scaled_by_band_width()
    {
        Assert.Equal(-0.25, SplitConformal.NormalizedScore(-1, 1, 0.5, 1e-9), 12);
        Assert.Equal(0.5, SplitConformal.NormalizedScore(-1, 1, 2, 1e-9), 12);
        Assert.Equal(1.0, SplitConformal.NormalizedScore(-1, 1, -3, 1e-9), 12);
        Assert.Equal(100, SplitConformal.NormalizedScore(0, 0, 1, 0.01), 9);
    }

    [Fact]
    public void Conformal_intervals_reach_nominal_coverage_on_exchangeable_data_even_when_the_band_is_wrong()
    {
        // The model's band is far too narrow (±0.5σ); conformal widening must still cover 80/90/95 %.
        var rng = new Random(5);
        var (calF, calY) = Synthetic(rng, 4000, bandSigma: 0.5, probabilityBias: 0.3);
        var (testF, testY) = Synthetic(rng, 20000, bandSigma: 0.5, probabilityBias: 0.3);
        var calibration = ForecastCalibration.Fit([1], calF, calY);
        var report = Assert.Single(CalibrationReport.Measure(calibration, testF, testY));

        Assert.InRange(report.RawCoverage90, 0.3, 0.45);
        Assert.InRange(report.Coverage[0.8], 0.78, 0.82);
        Assert.InRange(report.Coverage[0.9], 0.88, 0.92);
        Assert.InRange(report.Coverage[0.95], 0.935, 0.965);
        Assert.True(report.MeanWidth[0.8] < report.MeanWidth[0.9] && report.MeanWidth[0.9] < report.MeanWidth[0.95]);
    }

    [Fact]
    public void Isotonic_direction_calibration_removes_overconfidence()
    {
        // Probabilities pushed away from 0.5: raw confidence overstates accuracy; calibrated confidence matches it.
        var rng = new Random(9);
        var (calF, calY) = Synthetic(rng, 20000, bandSigma: 1.64, probabilityBias: 0.3);
        var (testF, testY) = Synthetic(rng, 20000, bandSigma: 1.64, probabilityBias: 0.3);
        var calibration = ForecastCalibration.Fit([1], calF, calY);
        var report = Assert.Single(CalibrationReport.Measure(calibration, testF, testY));

        Assert.True(report.RawEce > 0.08, $"raw ECE {report.RawEce}");
        Assert.True(report.Ece < 0.02, $"calibrated ECE {report.Ece}");
        Assert.All(report.Reliability.Where(b => b.Count > 1000), b => Assert.InRange(b.Accuracy - b.MeanConfidence, -0.03, 0.03));
    }

    [Fact]
    public void Apply_gives_direction_and_confidence_from_the_calibrated_probability()
    {
        var rng = new Random(2);
        var (calF, calY) = Synthetic(rng, 2000, bandSigma: 1.64, probabilityBias: 0);
        var calibration = ForecastCalibration.Fit([5], calF, calY);
        var c = calibration.Apply(new HorizonForecast(5, -0.01f, 0.001f, 0.012f, 0.9f), 0);
        Assert.Equal(5, c.Horizon);
        Assert.InRange(c.Confidence, 0.5, 1.0);
        Assert.Equal(c.UpProbability > 0.5 ? Direction.Up : c.UpProbability < 0.5 ? Direction.Down : Direction.Flat, c.Direction);
        Assert.Equal(Math.Sign(c.UpProbability - 0.5), Math.Sign(c.Median));
        Assert.InRange(c.Median, c.Lower, c.Upper);
        Assert.Equal(Math.Max(c.UpProbability, 1 - c.UpProbability), c.Confidence, 12);
        Assert.True(c.Lower < 0.001 && c.Upper > 0.001);
        Assert.Throws<ArgumentOutOfRangeException>(() => calibration.Apply(new HorizonForecast(5, 0, 0, 0, 0.5f), 0, 0.5));
        Assert.Throws<ArgumentException>(() => calibration.Apply(new HorizonForecast(5, float.NaN, 0, 0, 0.5f), 0));
    }

    [Fact]
    public void Calibration_round_trips_through_json_and_rejects_broken_json()
    {
        var rng = new Random(4);
        var (f, y) = Synthetic(rng, 500, bandSigma: 1, probabilityBias: 0.1);
        var calibration = ForecastCalibration.Fit([1], f, y);
        var back = ForecastCalibration.FromJson(calibration.ToJson());
        var probe = new HorizonForecast(1, -0.5f, 0.1f, 0.7f, 0.63f);
        Assert.Equal(calibration.Apply(probe, 0), back.Apply(probe, 0));
        Assert.Throws<ArgumentException>(() => ForecastCalibration.FromJson("{ not json"));
        Assert.Throws<ArgumentException>(() => ForecastCalibration.FromJson("{\"horizons\": []}"));
    }

    [Fact]
    public void Fit_demands_enough_samples()
    {
        var rng = new Random(4);
        var (f, y) = Synthetic(rng, 10, bandSigma: 1, probabilityBias: 0.1);
        var ex = Assert.Throws<InsufficientDataException>(() => ForecastCalibration.Fit([1], f, y));
        Assert.Equal(20, ex.Required);
    }

    /// <summary>
    /// Outcomes y = μ + ε with heteroscedastic noise; the model knows μ and σ but states a band of ±bandSigma·σ and
    /// an up-probability pushed away from the truth by <paramref name="probabilityBias"/>.
    /// </summary>
    private static (HorizonForecast[] Forecasts, double[] Outcomes) Synthetic(Random rng, int n, double bandSigma, double probabilityBias)
    {
        var forecasts = new HorizonForecast[n];
        var outcomes = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sigma = 0.5 + (1.5 * rng.NextDouble());
            double mu = 0.6 * sigma * ((2 * rng.NextDouble()) - 1);
            double pUp = Phi(mu / sigma);
            double stated = Math.Clamp(0.5 + ((pUp - 0.5) * (1 + (probabilityBias * 6))), 0.01, 0.99);
            forecasts[i] = new HorizonForecast(1, (float)(mu - (bandSigma * sigma)), (float)mu, (float)(mu + (bandSigma * sigma)), (float)stated);
            outcomes[i] = mu + (sigma * Normal(rng));
        }

        return (forecasts, outcomes);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double Phi(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    private static double Erf(double x)
    {
        // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough to generate test data.
        double t = 1 / (1 + (0.3275911 * Math.Abs(x)));
        double y = 1 - ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
