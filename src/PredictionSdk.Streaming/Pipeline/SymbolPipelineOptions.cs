namespace PredictionSdk.Streaming;

/// <summary>
/// Settings of one <see cref="SymbolPipeline"/>: how its sequencer orders, filters and backfills bars, how much history
/// it asks for before its first live bar, and what it does with open bars. <see cref="RealTimeStreamOptions"/> carries
/// the same settings (bound from <c>PredictionSdk:Stream</c>) for every symbol of a stream.
/// </summary>
public sealed class SymbolPipelineOptions
{
    /// <summary>
    /// Sources (<see cref="ICandleSource.Name"/>) whose updates the pipeline takes; two or more are combined into one
    /// volume-weighted composite bar. Empty: any source, passed through unchanged.
    /// </summary>
    public IList<string> Exchanges { get; } = [];

    /// <summary>Closed bars that may arrive ahead of a missing one before the gap is declared and backfilled.</summary>
    public int ReorderWindow { get; set; } = 2;

    /// <summary>Largest accepted relative move of high/low against the last accepted close (0.25 = 25 %); larger ones are outliers.</summary>
    public double MaxPriceJump { get; set; } = 0.25;

    /// <summary>Consecutive closed outlier bars after which the new level is accepted as real.</summary>
    public int OutlierConfirmations { get; set; } = 3;

    /// <summary>Fetch missing closed bars with <see cref="ICandleSource.GetHistoryAsync"/> when a gap is found.</summary>
    public bool BackfillGaps { get; set; } = true;

    /// <summary>Largest gap, in bars, that is backfilled; of a longer gap only the latest this many bars are fetched.</summary>
    public int MaxBackfillBars { get; set; } = 1440;

    /// <summary>
    /// Closed bars of history asked for before the symbol's first live bar. Null (the default): as many as the model
    /// needs (<see cref="ISymbolPredictor.RequiredHistory"/>) and at least the reported indicators' warm-up, so the
    /// first prediction follows at once. 0: none — the stream predicts once enough live bars have closed.
    /// </summary>
    public int? WarmUpBars { get; set; }

    /// <summary>Update indicators (preview, no state change) on open-bar updates, not only on closes.</summary>
    public bool PreviewOpenBars { get; set; } = true;

    /// <summary>Also predict on open-bar updates (<see cref="Prediction.IsPreview"/> true).</summary>
    public bool PredictOnOpenBars { get; set; }

    /// <summary>Every problem with these settings, each naming its setting under <paramref name="prefix"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string prefix = nameof(SymbolPipelineOptions))
    {
        var failures = new List<string>();
        if (ReorderWindow < 0)
        {
            failures.Add($"{prefix}:ReorderWindow must be 0 or more (was {ReorderWindow}).");
        }

        if (!(MaxPriceJump > 0))
        {
            failures.Add($"{prefix}:MaxPriceJump must be above 0 (was {MaxPriceJump}).");
        }

        if (OutlierConfirmations < 1)
        {
            failures.Add($"{prefix}:OutlierConfirmations must be 1 or more (was {OutlierConfirmations}).");
        }

        if (MaxBackfillBars < 1)
        {
            failures.Add($"{prefix}:MaxBackfillBars must be 1 or more (was {MaxBackfillBars}).");
        }

        if (WarmUpBars < 0)
        {
            failures.Add($"{prefix}:WarmUpBars must be 0 (none) or more, or unset for what the model needs (was {WarmUpBars}).");
        }

        return failures;
    }

    /// <summary>A copy with <paramref name="exchanges"/> in place of <see cref="Exchanges"/>.</summary>
    internal SymbolPipelineOptions WithExchanges(IEnumerable<string> exchanges)
    {
        var copy = new SymbolPipelineOptions
        {
            ReorderWindow = ReorderWindow,
            MaxPriceJump = MaxPriceJump,
            OutlierConfirmations = OutlierConfirmations,
            BackfillGaps = BackfillGaps,
            MaxBackfillBars = MaxBackfillBars,
            WarmUpBars = WarmUpBars,
            PreviewOpenBars = PreviewOpenBars,
            PredictOnOpenBars = PredictOnOpenBars,
        };
        foreach (string exchange in exchanges)
        {
            copy.Exchanges.Add(exchange);
        }

        return copy;
    }
}
