namespace PredictionSdk.Streaming;

/// <summary>
/// One item of the output stage: a pipeline event and the <see cref="System.Diagnostics.Stopwatch"/> time its source
/// update entered the stream (0 when the latency histogram has no listener).
/// </summary>
internal readonly record struct StreamEvent(PipelineEvent Event, long ReceivedAt);

/// <summary>One item of a worker's input stage: a source's update.</summary>
internal readonly record struct StreamInput(CandleUpdate Update, ICandleSource Source, long ReceivedAt);

/// <summary>The history fetched for one symbol's warm-up, on its way back to the worker that owns the symbol.</summary>
internal sealed record WarmUpResult(Symbol Symbol, IReadOnlyList<Candle> History);
