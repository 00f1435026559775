namespace PredictionSdk.Streaming.External;

/// <summary>How the external series feed judges staleness and retries a failed source.</summary>
public sealed class ExternalSeriesFeedOptions
{
    /// <summary>A series that received nothing for this long (wall clock) is reported stale. Default 15 minutes.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per-series overrides of <see cref="StaleAfter"/> (a daily macro figure vs a per-minute score).</summary>
    public IDictionary<string, TimeSpan> StaleAfterBySeries { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>How often staleness is checked. Default 10 seconds.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause before a source that ended with an error is read again. Default 5 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Problems with the options, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (StaleAfter <= TimeSpan.Zero || StaleAfterBySeries.Values.Any(v => v <= TimeSpan.Zero))
        {
            problems.Add("StaleAfter must be positive.");
        }

        if (CheckEvery <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero)
        {
            problems.Add("CheckEvery must be positive and RetryDelay not negative.");
        }

        return problems;
    }
}
