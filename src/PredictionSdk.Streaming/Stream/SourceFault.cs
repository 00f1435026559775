namespace PredictionSdk.Streaming;

/// <summary>A source the stream stopped because its data is malformed (<see cref="RealTimeStream.Faults"/>).</summary>
/// <param name="Source">The source's <see cref="ICandleSource.Name"/>.</param>
/// <param name="Error">What was wrong; for a file, a <see cref="MarketDataException"/> naming the file, line and field.</param>
public sealed class SourceFault(string Source, Exception Error) : EventArgs
{
    /// <summary>The source's <see cref="ICandleSource.Name"/>.</summary>
    public string Source { get; } = Source;

    /// <summary>What was wrong; for a file, a <see cref="MarketDataException"/> naming the file, line and field.</summary>
    public Exception Error { get; } = Error;

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Error.Message}";
}
