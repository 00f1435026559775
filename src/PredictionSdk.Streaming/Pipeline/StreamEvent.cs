namespace PredictionSdk.Streaming;

/// <summary>What a worker hands to the fan-out.</summary>
internal enum StreamEventKind
{
    Prediction,
    Candle,
    Indicators,
}

/// <summary>One item of the output stage; <see cref="ReceivedAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> time the source update entered the pipeline (0 when the latency histogram has no listener).</summary>
internal readonly record struct StreamEvent(StreamEventKind Kind, CandleUpdate Update, Prediction? Prediction, IndicatorUpdate Indicators, long ReceivedAt);

/// <summary>One item of the input stage.</summary>
internal readonly record struct StreamInput(CandleUpdate Update, ICandleSource Source, long ReceivedAt);
