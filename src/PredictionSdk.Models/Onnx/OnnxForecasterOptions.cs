namespace PredictionSdk.Models.Onnx;

/// <summary>Settings of an <see cref="OnnxForecaster"/>.</summary>
public sealed class OnnxForecasterOptions
{
    /// <summary>
    /// Threads ONNX Runtime uses inside one call. Default 1: a single window is too small to split, and callers
    /// that predict many symbols at once parallelise across calls instead.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Display name in reports. Default <c>onnx</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (IntraOpThreads is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be between 1 and 256.");
        }
    }
}
