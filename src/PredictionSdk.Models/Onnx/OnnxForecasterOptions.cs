namespace PredictionSdk.Models.Onnx;

/// <summary>Settings of an <see cref="OnnxForecaster"/>.</summary>
public sealed class OnnxForecasterOptions
{
    /// <summary>
    /// Threads ONNX Runtime uses inside one call. Default 1: a single window is too small to split, and callers
    /// that predict many symbols at once parallelise across calls instead.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Most windows per session call in <see cref="OnnxForecaster.ForecastBatch"/>; larger batches are split. Default 256:
    /// per-window cost falls up to a few hundred windows, then rises again as the intermediates outgrow the caches.
    /// </summary>
    public int BatchChunkSize { get; set; } = 256;

    /// <summary>
    /// Session calls <see cref="OnnxForecaster.ForecastBatch"/> runs at once, each on its own share of the batch. Default 1;
    /// set it to the cores you can give to inference for the highest batch throughput.
    /// </summary>
    public int BatchParallelism { get; set; } = 1;

    /// <summary>Display name in reports. Default <c>onnx</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (IntraOpThreads is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be between 1 and 256.");
        }

        if (BatchChunkSize is < 1 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchChunkSize), BatchChunkSize, "BatchChunkSize must be between 1 and 1048576.");
        }

        if (BatchParallelism is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchParallelism), BatchParallelism, "BatchParallelism must be between 1 and 256.");
        }
    }
}
