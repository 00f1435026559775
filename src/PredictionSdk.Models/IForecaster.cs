namespace PredictionSdk.Models;

/// <summary>
/// A model that turns a window of scaled feature rows into return quantiles and a direction
/// probability per horizon. Baselines, TorchSharp models and the ONNX runner all implement it,
/// so evaluation treats them alike.
/// </summary>
public interface IForecaster
{
    /// <summary>Display name used in reports, e.g. <c>ridge+logistic</c>.</summary>
    string Name { get; }

    /// <summary>Number of feature rows in one input window.</summary>
    int WindowLength { get; }

    /// <summary>Horizons in bars, in the order <see cref="Forecast"/> writes them.</summary>
    IReadOnlyList<int> Horizons { get; }

    /// <summary>
    /// Forecasts every horizon from one window.
    /// </summary>
    /// <param name="window"><see cref="WindowLength"/> × feature-count scaled features, row-major, oldest row first.</param>
    /// <param name="output">Receives one forecast per entry of <see cref="Horizons"/>, in that order.</param>
    void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output);
}

/// <summary>
/// The forecast for one horizon: quantiles of the forward log return and the probability that it is positive.
/// </summary>
/// <param name="Horizon">Bars ahead.</param>
/// <param name="Q05">5 % quantile of the forward log return.</param>
/// <param name="Q50">Median forward log return.</param>
/// <param name="Q95">95 % quantile of the forward log return.</param>
/// <param name="UpProbability">Probability that the forward log return is positive.</param>
public readonly record struct HorizonForecast(int Horizon, float Q05, float Q50, float Q95, float UpProbability);
