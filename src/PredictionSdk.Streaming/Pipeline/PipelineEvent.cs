namespace PredictionSdk.Streaming;

/// <summary>What a <see cref="PipelineEvent"/> carries.</summary>
public enum PipelineEventKind
{
    /// <summary>A validated (and, with several exchanges, composite) candle update: <see cref="PipelineEvent.Update"/>.</summary>
    Candle,

    /// <summary>The reported indicators after that update: <see cref="PipelineEvent.Indicators"/>.</summary>
    Indicators,

    /// <summary>A prediction for one horizon: <see cref="PipelineEvent.Prediction"/>.</summary>
    Prediction,

    /// <summary>A served prediction scored against its target bar, which just closed: <see cref="PipelineEvent.Outcome"/>.</summary>
    Outcome,
}

/// <summary>
/// One output of a <see cref="SymbolPipeline"/>. Per symbol the events come in the order they happened: a closed bar's
/// candle, then its indicators, then the outcomes of the predictions whose target it is, then one prediction per horizon
/// made from it, then the next bar's.
/// </summary>
public readonly record struct PipelineEvent
{
    private PipelineEvent(PipelineEventKind kind, CandleUpdate update, IndicatorUpdate indicators, Prediction? prediction, PredictionOutcome? outcome = null)
    {
        Kind = kind;
        Update = update;
        Indicators = indicators;
        Prediction = prediction;
        Outcome = outcome;
    }

    /// <summary>What the event carries.</summary>
    public PipelineEventKind Kind { get; }

    /// <summary>The validated update the event follows from (for a prediction: the bar it was made from).</summary>
    public CandleUpdate Update { get; }

    /// <summary>The indicator values, for <see cref="PipelineEventKind.Indicators"/>.</summary>
    public IndicatorUpdate Indicators { get; }

    /// <summary>The prediction, for <see cref="PipelineEventKind.Prediction"/>.</summary>
    public Prediction? Prediction { get; }

    /// <summary>The outcome, for <see cref="PipelineEventKind.Outcome"/>.</summary>
    public PredictionOutcome? Outcome { get; }

    internal static PipelineEvent ForCandle(in CandleUpdate update) => new(PipelineEventKind.Candle, update, default, null);

    internal static PipelineEvent ForIndicators(in IndicatorUpdate indicators) => new(PipelineEventKind.Indicators, indicators.Update, indicators, null);

    internal static PipelineEvent ForPrediction(in CandleUpdate update, Prediction prediction) => new(PipelineEventKind.Prediction, update, default, prediction);

    internal static PipelineEvent ForOutcome(in CandleUpdate targetBar, in PredictionOutcome outcome) => new(PipelineEventKind.Outcome, targetBar, default, null, outcome);
}

/// <summary>
/// History a <see cref="SymbolPipeline"/> asks its host for before its first live bar: the closed bars with open time in
/// [<see cref="From"/>, <see cref="To"/>). The host fetches them (<see cref="WarmUpLoader"/> paces the requests) and
/// hands them to <see cref="SymbolPipeline.CompleteWarmUpAsync"/>.
/// </summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Interval">Bar length.</param>
/// <param name="From">Open time of the first bar wanted (inclusive).</param>
/// <param name="To">Open time of the symbol's first live bar (exclusive).</param>
/// <param name="Source">The source whose update started the warm-up; its history serves it unless a store does.</param>
public sealed record HistoryRequest(Symbol Symbol, Interval Interval, DateTime From, DateTime To, ICandleSource Source)
{
    /// <summary>Bars in the range.</summary>
    public int Bars => (int)((To - From).Ticks / Interval.Duration.Ticks);
}
