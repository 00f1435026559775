using PredictionSdk.Models.Training.Networks;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

/// <summary>
/// A trained TorchSharp network answering <see cref="IForecaster"/> with eager inference. Used for evaluation right
/// after training; serving should prefer the ONNX graph in the bundle, which needs no libtorch.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class TorchForecaster : IForecaster, IDisposable
{
    private readonly ForecastNetwork _network;
    private readonly int[] _horizons;
    private readonly bool _ownsNetwork;

    internal TorchForecaster(ForecastNetwork network, ModelType modelType, int windowLength, int featureCount, IReadOnlyList<int> horizons, bool ownsNetwork)
    {
        _network = network;
        _ownsNetwork = ownsNetwork;
        ModelType = modelType;
        WindowLength = windowLength;
        FeatureCount = featureCount;
        _horizons = [.. horizons];
    }

    /// <inheritdoc />
    public string Name => ModelType.ToString().ToLowerInvariant();

    /// <summary>The network type.</summary>
    public ModelType ModelType { get; }

    /// <inheritdoc />
    public int WindowLength { get; }

    /// <summary>Features per window row.</summary>
    public int FeatureCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Horizons => _horizons;

    internal ForecastNetwork Network => _network;

    /// <inheritdoc />
    public void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output) => ForecastBatch(window, 1, output);

    /// <summary>Forecasts <paramref name="count"/> windows laid end to end in one call (faster than one at a time).</summary>
    /// <param name="windows"><paramref name="count"/> × <see cref="WindowLength"/> × <see cref="FeatureCount"/> scaled features.</param>
    /// <param name="count">Number of windows.</param>
    /// <param name="output">Receives <paramref name="count"/> × horizons forecasts, window-major.</param>
    public void ForecastBatch(ReadOnlySpan<float> windows, int count, Span<HorizonForecast> output)
    {
        int size = WindowLength * FeatureCount;
        if (count < 1 || windows.Length != count * size)
        {
            throw new ArgumentException($"Expected {count} window(s) of {WindowLength} × {FeatureCount} = {size} values each; got {windows.Length} values.", nameof(windows));
        }

        if (output.Length < count * _horizons.Length)
        {
            throw new ArgumentException($"Output needs room for {count * _horizons.Length} forecasts; has {output.Length}.", nameof(output));
        }

        float[] result;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            _network.eval();
            var input = tensor(windows.ToArray(), [count, WindowLength, FeatureCount]);
            result = _network.call(input).data<float>().ToArray();
        }

        for (int i = 0; i < count * _horizons.Length; i++)
        {
            int o = i * 4;
            output[i] = new HorizonForecast(
                _horizons[i % _horizons.Length],
                result[o],
                result[o + 1],
                result[o + 2],
                1f / (1f + MathF.Exp(-result[o + 3])));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsNetwork)
        {
            _network.Dispose();
        }
    }
}
