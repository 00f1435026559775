namespace PredictionSdk.External;

/// <summary>
/// Produces the observations of one named external series in time order: first what is already known (a file, a
/// history endpoint), then, for live sources, each new value as it is published. Implemented by the file and HTTP
/// polling sources of <c>PredictionSdk.Data</c>, the RSS sentiment source, or user code.
/// </summary>
public interface IExternalSeriesSource
{
    /// <summary>Name of the series, as the feature spec refers to it (letters, digits, '_' and '-').</summary>
    string Name { get; }

    /// <summary>Reads the series; ends when a finite source is exhausted, runs until cancelled for a live one.</summary>
    IAsyncEnumerable<ExternalObservation> ReadAsync(CancellationToken cancellationToken = default);
}
