using System.Text.Json;

namespace PredictionSdk.Models.Calibration;

/// <summary>A forecast after calibration: conformal interval bounds and a calibrated direction.</summary>
/// <param name="Horizon">Bars ahead.</param>
/// <param name="Median">Median forward log return of the calibrated predictive distribution (<see cref="PredictiveDistribution"/>).</param>
/// <param name="Lower">Lower bound of the forward log return at <paramref name="Level"/>.</param>
/// <param name="Upper">Upper bound of the forward log return at <paramref name="Level"/>.</param>
/// <param name="Level">Nominal coverage of [<paramref name="Lower"/>, <paramref name="Upper"/>].</param>
/// <param name="UpProbability">Calibrated probability that the forward log return is positive.</param>
/// <param name="Direction">Sign of <paramref name="Median"/>: up when <paramref name="UpProbability"/> &gt; 0.5, down when below, flat at 0.5.</param>
/// <param name="Confidence">Calibrated probability that <paramref name="Direction"/> is right, in [0.5, 1].</param>
public readonly record struct CalibratedForecast(int Horizon, double Median, double Lower, double Upper, double Level, double UpProbability, Direction Direction, double Confidence);

/// <summary>Calibration of one horizon.</summary>
/// <param name="Horizon">Bars ahead.</param>
/// <param name="UpProbability">Isotonic map from the model's up-probability to the observed up frequency.</param>
/// <param name="Levels">Nominal interval coverages, e.g. 0.8, 0.9, 0.95.</param>
/// <param name="Adjustments">Conformal adjustment per level, in units of the model's 5–95 % band width.</param>
/// <param name="WidthFloor">Smallest band width used to normalise scores (log return).</param>
/// <param name="Samples">Calibration samples.</param>
public sealed record HorizonCalibration(int Horizon, IsotonicCalibrator UpProbability, IReadOnlyList<double> Levels, IReadOnlyList<double> Adjustments, double WidthFloor, int Samples);

/// <summary>
/// Post-training calibration stored in a bundle (<c>calibration.json</c>): per horizon, split-conformal
/// prediction intervals built on the model's 5 %/95 % quantiles (normalised conformalized quantile regression)
/// and an isotonic map that turns the model's up-probability into an observed frequency. Fit on a calibration
/// window that follows training and precedes any test data.
/// </summary>
public sealed record ForecastCalibration
{
    /// <summary>Interval coverages fit by default.</summary>
    public static IReadOnlyList<double> DefaultLevels { get; } = [0.8, 0.9, 0.95];

    /// <summary>Per-horizon calibration, in the model's horizon order.</summary>
    public required IReadOnlyList<HorizonCalibration> Horizons { get; init; }

    /// <summary>Open time of the first calibration sample.</summary>
    public DateTime? WindowStart { get; init; }

    /// <summary>Open time of the last calibration sample.</summary>
    public DateTime? WindowEnd { get; init; }

    /// <summary>
    /// Fits the calibration from forecasts and the log returns that followed.
    /// </summary>
    /// <param name="horizons">The model's horizons.</param>
    /// <param name="forecasts">n × horizons forecasts, sample-major.</param>
    /// <param name="realized">n × horizons realised forward log returns; non-finite entries are skipped.</param>
    /// <param name="levels">Interval coverages to fit; <see cref="DefaultLevels"/> when null.</param>
    public static ForecastCalibration Fit(IReadOnlyList<int> horizons, ReadOnlySpan<HorizonForecast> forecasts, ReadOnlySpan<double> realized, IReadOnlyList<double>? levels = null)
    {
        ArgumentNullException.ThrowIfNull(horizons);
        levels ??= DefaultLevels;
        int h = horizons.Count;
        if (h == 0 || forecasts.Length != realized.Length || forecasts.Length % h != 0)
        {
            throw new ArgumentException($"Calibration needs n × {h} forecasts and as many outcomes; got {forecasts.Length} and {realized.Length}.");
        }

        int n = forecasts.Length / h;
        var result = new HorizonCalibration[h];
        for (int j = 0; j < h; j++)
        {
            var probs = new List<double>(n);
            var ups = new List<double>(n);
            var widths = new List<double>(n);
            var rows = new List<(double Lo, double Hi, double Y)>(n);
            for (int i = 0; i < n; i++)
            {
                var f = forecasts[(i * h) + j];
                double y = realized[(i * h) + j];
                if (!double.IsFinite(y) || !float.IsFinite(f.UpProbability) || !float.IsFinite(f.Q05) || !float.IsFinite(f.Q95))
                {
                    continue;
                }

                probs.Add(f.UpProbability);
                ups.Add(y > 0 ? 1 : 0);
                double lo = Math.Min(f.Q05, f.Q95), hi = Math.Max(f.Q05, f.Q95);
                widths.Add(hi - lo);
                rows.Add((lo, hi, y));
            }

            if (rows.Count < 20)
            {
                throw new InsufficientDataException($"Calibration of horizon {horizons[j]}", 20, rows.Count);
            }

            widths.Sort();
            double floor = Math.Max(1e-9, 0.01 * widths[widths.Count / 2]);
            var scores = rows.Select(r => SplitConformal.NormalizedScore(r.Lo, r.Hi, r.Y, floor)).ToArray();
            var adjustments = levels.Select(level => SplitConformal.Quantile(scores, level)).ToArray();
            if (adjustments.Any(a => !double.IsFinite(a)))
            {
                throw new InsufficientDataException($"Conformal intervals at {levels.Max():P0} for horizon {horizons[j]}", (int)Math.Ceiling(1 / (1 - levels.Max())), rows.Count);
            }

            // Each calibrated level rests on at least 2 % of the samples (and 30): the tails cannot overfit.
            var iso = IsotonicCalibrator.Fit(probs.ToArray(), ups.ToArray(), minBlockWeight: Math.Max(30, 0.02 * rows.Count));
            result[j] = new HorizonCalibration(horizons[j], iso, levels.ToArray(), adjustments, floor, rows.Count);
        }

        return new ForecastCalibration { Horizons = result };
    }

    /// <summary>Index of <paramref name="horizon"/> in <see cref="Horizons"/>, or -1.</summary>
    public int IndexOf(int horizon)
    {
        for (int i = 0; i < Horizons.Count; i++)
        {
            if (Horizons[i].Horizon == horizon)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Calibrates one forecast of horizon index <paramref name="horizonIndex"/>.</summary>
    /// <param name="forecast">The model's forecast.</param>
    /// <param name="horizonIndex">Index into <see cref="Horizons"/>.</param>
    /// <param name="level">Interval coverage; must be one of the fitted levels.</param>
    public CalibratedForecast Apply(in HorizonForecast forecast, int horizonIndex, double level = 0.9)
    {
        var c = Horizons[horizonIndex];
        int li = -1;
        for (int i = 0; i < c.Levels.Count; i++)
        {
            if (Math.Abs(c.Levels[i] - level) < 1e-9)
            {
                li = i;
            }
        }

        if (li < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Intervals were calibrated at {string.Join(", ", c.Levels)} only.");
        }

        if (!float.IsFinite(forecast.Q05) || !float.IsFinite(forecast.Q50) || !float.IsFinite(forecast.Q95) || !float.IsFinite(forecast.UpProbability))
        {
            throw new ArgumentException($"The forecast for horizon {c.Horizon} is not finite ({forecast}).", nameof(forecast));
        }

        double lo = Math.Min(forecast.Q05, forecast.Q95), hi = Math.Max(forecast.Q05, forecast.Q95);
        double width = Math.Max(hi - lo, c.WidthFloor);
        double lower = lo - (c.Adjustments[li] * width);
        double upper = hi + (c.Adjustments[li] * width);
        if (lower > upper)
        {
            // A shrinking adjustment larger than half the band collapses it onto its centre.
            lower = upper = (lo + hi) / 2;
        }

        // The median, direction and confidence are read off the same distribution as the interval (see PredictiveDistribution).
        double p = Math.Clamp(c.UpProbability.Apply(forecast.UpProbability), 0, 1);
        var d = PredictiveDistribution.From(lower, upper, level, p);
        return new CalibratedForecast(c.Horizon, d.Median, d.Lower, d.Upper, level, d.UpProbability, d.Direction, d.Confidence);
    }

    /// <summary>Serialises to JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CalibrationJsonContext.Default.ForecastCalibration);

    /// <summary>Reads JSON written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or inconsistent.</exception>
    public static ForecastCalibration FromJson(string json)
    {
        ForecastCalibration? value;
        try
        {
            value = JsonSerializer.Deserialize(json, CalibrationJsonContext.Default.ForecastCalibration);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Calibration JSON is malformed: {ex.Message}", nameof(json), ex);
        }

        if (value?.Horizons is null || value.Horizons.Count == 0)
        {
            throw new ArgumentException("Calibration JSON has no horizons.", nameof(json));
        }

        foreach (var h in value.Horizons)
        {
            if (h.UpProbability is null || h.Levels is null || h.Adjustments is null || h.Levels.Count != h.Adjustments.Count || h.Adjustments.Any(a => !double.IsFinite(a)))
            {
                throw new ArgumentException($"Calibration of horizon {h.Horizon} is incomplete or not finite.", nameof(json));
            }
        }

        return value;
    }
}
