using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Baselines;

/// <summary>
/// Common shape of the torch-free baselines: fitted on a (scaled) training <see cref="SupervisedDataset"/>,
/// they forecast from the window's last feature row (or, for drift, its return column) and take their
/// 5 %/95 % quantiles from the training residuals of their own point forecast.
/// </summary>
public abstract class BaselineForecaster : IForecaster
{
    private readonly int[] _horizons;

    /// <summary>Creates the forecaster for the shape of <paramref name="train"/>.</summary>
    protected BaselineForecaster(string name, SupervisedDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count < 10)
        {
            throw new InsufficientDataException($"Fitting the {name} baseline needs at least 10 training samples; {train.Count} were given.");
        }

        Name = name;
        WindowLength = train.WindowLength;
        FeatureCount = train.FeatureCount;
        _horizons = train.Horizons.ToArray();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int WindowLength { get; }

    /// <summary>Features per window row.</summary>
    public int FeatureCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Horizons => _horizons;

    /// <inheritdoc />
    public void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output)
    {
        if (window.Length != WindowLength * FeatureCount)
        {
            throw new ArgumentException($"{Name} expects a window of {WindowLength} × {FeatureCount} = {WindowLength * FeatureCount} values; got {window.Length}.", nameof(window));
        }

        if (output.Length < _horizons.Length)
        {
            throw new ArgumentException($"{Name} writes {_horizons.Length} horizons; the output holds {output.Length}.", nameof(output));
        }

        ForecastCore(window, window[((WindowLength - 1) * FeatureCount)..], output);
    }

    /// <summary>Writes one forecast per horizon.</summary>
    protected abstract void ForecastCore(ReadOnlySpan<float> window, ReadOnlySpan<float> lastRow, Span<HorizonForecast> output);

    /// <summary>Builds a forecast from a point forecast, a residual band and a probability.</summary>
    protected static HorizonForecast Make(int horizon, double median, (float Low, float High) band, double upProbability) =>
        new(horizon, (float)(median + band.Low), (float)median, (float)(median + band.High), (float)Math.Clamp(upProbability, 1e-4, 1 - 1e-4));

    /// <summary>
    /// The design matrix of a last-row model: the last feature row of every sample of <paramref name="train"/>
    /// (row-major, <c>Count × FeatureCount</c>) and its targets (<c>Count × Horizons</c>, row-major).
    /// </summary>
    protected static (float[] Features, float[] Targets) LastRows(SupervisedDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return BaselineMath.LastRows(train);
    }

    /// <summary>
    /// The 5 % and 95 % quantiles of training residuals (sorted in place), used by <see cref="Make"/> as offsets
    /// around a point forecast.
    /// </summary>
    protected static (float Low, float High) ResidualBand(double[] residuals)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        return BaselineMath.ResidualBand(residuals);
    }

    /// <summary>Training targets of one horizon.</summary>
    protected static double[] Targets(SupervisedDataset train, int horizonIndex)
    {
        var y = new double[train.Count];
        for (int s = 0; s < y.Length; s++)
        {
            y[s] = train.Target(s, horizonIndex);
        }

        return y;
    }
}
