namespace PredictionSdk.Streaming;

/// <summary>
/// Minute-boundary batching: when many symbols' bars close at once, their predictions are made in a few batched ONNX
/// calls instead of one call per symbol. Predictions are the same, bit for bit; only the number of calls changes.
/// </summary>
public sealed class PredictionBatchingOptions
{
    /// <summary>Batch the predictions of closed bars (default true); false makes each symbol's call on its own.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most predictions in one batch; a full batch is made at once.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// Longest a prediction waits for others to join its batch in a <see cref="PredictionBatcher"/> (per-symbol hosts
    /// such as grains). A <see cref="RealTimeStream"/> worker never waits: it makes its batch as soon as its input
    /// queue is empty or the batch is full.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Every problem with these settings, each named under <paramref name="section"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var failures = new List<string>();
        if (MaxBatchSize < 1)
        {
            failures.Add($"{section}:MaxBatchSize must be 1 or more (was {MaxBatchSize}).");
        }

        if (MaxDelay < TimeSpan.Zero || MaxDelay > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{section}:MaxDelay must be between 0 and 1 second (was {MaxDelay}).");
        }

        return failures;
    }
}
