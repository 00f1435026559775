namespace PredictionSdk.Orleans;

/// <summary>Settings of <see cref="PredictionClusterClient"/>.</summary>
public sealed class PredictionClientOptions
{
    /// <summary>Name of the stream provider the silos publish on.</summary>
    public string StreamProvider { get; set; } = PredictionStreams.DefaultProviderName;

    /// <summary>Predictions buffered per reader of <see cref="PredictionClusterClient.ReadAllAsync"/> before delivery waits for it.</summary>
    public int ReaderCapacity { get; set; } = 65_536;

    /// <summary>Symbols started or subscribed per round of concurrent calls.</summary>
    public int CallBatch { get; set; } = 256;
}
