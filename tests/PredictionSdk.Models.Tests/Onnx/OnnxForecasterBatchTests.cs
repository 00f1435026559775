using PredictionSdk.Models.Onnx;

namespace PredictionSdk.Models.Tests.Onnx;

public class OnnxForecasterBatchTests
{
    private static string BundlePath => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    [Theory]
    [InlineData(256, 1, 37)]
    [InlineData(8, 1, 37)]
    [InlineData(256, 2, 37)]
    [InlineData(5, 3, 37)]
    [InlineData(4, 2, 3)]
    [InlineData(7, 2, 101)]
    [InlineData(256, 1, 2)]
    public void Batched_forecasts_equal_one_window_at_a_time_bit_for_bit_for_any_split(int chunkSize, int parallelism, int count)
    {
        using var model = LoadedModel.Load(BundlePath, new OnnxForecasterOptions { BatchChunkSize = chunkSize, BatchParallelism = parallelism });
        var forecaster = model.Forecaster;
        int size = forecaster.WindowLength * forecaster.FeatureCount;
        int horizons = forecaster.Horizons.Count;
        var rng = new Random(count + chunkSize);
        var windows = new float[count * size];
        for (int i = 0; i < windows.Length; i++)
        {
            windows[i] = (float)((rng.NextDouble() * 4) - 2);
        }

        var batched = new HorizonForecast[count * horizons];
        forecaster.ForecastBatch(windows, count, batched);

        var single = new HorizonForecast[horizons];
        for (int w = 0; w < count; w++)
        {
            forecaster.Forecast(windows.AsSpan(w * size, size), single);
            for (int h = 0; h < horizons; h++)
            {
                var b = batched[(w * horizons) + h];
                // Bit for bit: a window's forecast must not depend on the batch it runs in.
                Assert.Equal(single[h], b);
            }
        }

        // Windows differ, so a batch that repeated one window's answer would fail above; check they do differ.
        Assert.NotEqual(batched[0].Q50, batched[(count - 1) * horizons].Q50);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(256, 0)]
    public void Invalid_batch_settings_are_rejected_by_name(int chunkSize, int parallelism)
    {
        var options = new OnnxForecasterOptions { BatchChunkSize = chunkSize, BatchParallelism = parallelism };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(chunkSize == 0 ? nameof(OnnxForecasterOptions.BatchChunkSize) : nameof(OnnxForecasterOptions.BatchParallelism), ex.ParamName);
    }

    [Fact]
    public void Batch_reads_the_callers_windows_without_changing_them()
    {
        using var model = LoadedModel.Load(BundlePath, new OnnxForecasterOptions { BatchChunkSize = 3, BatchParallelism = 2 });
        int size = model.Forecaster.WindowLength * model.Forecaster.FeatureCount;
        var windows = Enumerable.Range(0, 10 * size).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        var copy = windows.ToArray();
        model.Forecaster.ForecastBatch(windows, 10, new HorizonForecast[10 * model.Forecaster.Horizons.Count]);
        Assert.Equal(copy, windows);
    }
}
