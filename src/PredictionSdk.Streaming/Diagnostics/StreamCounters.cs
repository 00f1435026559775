using System.Diagnostics;

namespace PredictionSdk.Streaming;

/// <summary>The live counters behind <see cref="StreamStatistics"/>; every increment also feeds the meter.</summary>
internal sealed class StreamCounters
{
    private static readonly KeyValuePair<string, object?> InputStage = new("stage", "input");
    private static readonly KeyValuePair<string, object?> OutputStage = new("stage", "output");
    private static readonly KeyValuePair<string, object?> SubscriberStage = new("stage", "subscriber");

    private long _framesIn, _candlesOut, _openBarUpdates, _predictions, _rejected, _outliers, _duplicates, _reordered,
        _gaps, _backfilled, _unfilledGaps, _warmUpBars, _warmUpFailures, _reconnects, _faultedSources, _inputDrops, _outputDrops,
        _subscriberDrops, _ignored, _predictionErrors, _callbackErrors, _batches, _batched, _contextLate, _contextStale;

    public void ContextLate() => Interlocked.Increment(ref _contextLate);

    public void ContextStale() => Interlocked.Increment(ref _contextStale);

    public void FrameIn()
    {
        Interlocked.Increment(ref _framesIn);
        StreamingTelemetry.FramesIn.Add(1);
    }

    public void CandleOut()
    {
        Interlocked.Increment(ref _candlesOut);
        StreamingTelemetry.CandlesOut.Add(1);
    }

    public void OpenBarUpdate() => Interlocked.Increment(ref _openBarUpdates);

    public void Prediction()
    {
        Interlocked.Increment(ref _predictions);
        StreamingTelemetry.Predictions.Add(1);
    }

    public void Reject(string reason)
    {
        Interlocked.Increment(ref _rejected);
        StreamingTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Outlier()
    {
        Interlocked.Increment(ref _outliers);
        Reject("priceJump");
    }

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void Reorder() => Interlocked.Increment(ref _reordered);

    public void Gap() => Interlocked.Increment(ref _gaps);

    public void Backfill(int bars)
    {
        Interlocked.Add(ref _backfilled, bars);
        StreamingTelemetry.Backfilled.Add(bars);
    }

    public void UnfilledGap() => Interlocked.Increment(ref _unfilledGaps);

    public void WarmUp(int bars)
    {
        Interlocked.Add(ref _warmUpBars, bars);
        StreamingTelemetry.WarmUpBars.Add(bars);
    }

    public void WarmUpFailure() => Interlocked.Increment(ref _warmUpFailures);

    public void SourceFaulted() => Interlocked.Increment(ref _faultedSources);

    public void Reconnect(string source)
    {
        Interlocked.Increment(ref _reconnects);
        StreamingTelemetry.Reconnects.Add(1, new KeyValuePair<string, object?>("source", source));
    }

    /// <summary>Returns true for the first drop of the stage, so it is logged once.</summary>
    public bool InputDrop()
    {
        StreamingTelemetry.Drops.Add(1, InputStage);
        return Interlocked.Increment(ref _inputDrops) == 1;
    }

    /// <summary>Returns true for the first drop of the stage.</summary>
    public bool OutputDrop()
    {
        StreamingTelemetry.Drops.Add(1, OutputStage);
        return Interlocked.Increment(ref _outputDrops) == 1;
    }

    /// <summary>Returns true for the first drop of the stage.</summary>
    public bool SubscriberDrop()
    {
        StreamingTelemetry.Drops.Add(1, SubscriberStage);
        return Interlocked.Increment(ref _subscriberDrops) == 1;
    }

    public void Ignore() => Interlocked.Increment(ref _ignored);

    public void PredictionError() => Interlocked.Increment(ref _predictionErrors);

    public void CallbackError() => Interlocked.Increment(ref _callbackErrors);

    public void Batch(int size)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batched, size);
    }

    /// <summary>Start of a timed stage, or 0 when nobody listens to stage durations (reading the clock costs ~50 ns a call).</summary>
    public static long StageStart() => StreamingTelemetry.StageDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records the time since <paramref name="startTimestamp"/> unless the stage was not timed.</summary>
    public static void RecordStage(string stage, long startTimestamp)
    {
        if (startTimestamp != 0)
        {
            StreamingTelemetry.StageDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));
        }
    }

    /// <summary>When an update entered the pipeline, or 0 when nobody listens to the end-to-end latency.</summary>
    public static long ReceivedNow() => StreamingTelemetry.Latency.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records the end-to-end latency of an update stamped by <see cref="ReceivedNow"/>.</summary>
    public static void RecordLatency(long receivedAt)
    {
        if (receivedAt != 0)
        {
            StreamingTelemetry.Latency.Record(Stopwatch.GetElapsedTime(receivedAt).TotalMilliseconds);
        }
    }

    public StreamStatistics Snapshot() => new()
    {
        FramesIn = Volatile.Read(ref _framesIn),
        CandlesOut = Volatile.Read(ref _candlesOut),
        OpenBarUpdates = Volatile.Read(ref _openBarUpdates),
        Predictions = Volatile.Read(ref _predictions),
        Rejected = Volatile.Read(ref _rejected),
        Outliers = Volatile.Read(ref _outliers),
        Duplicates = Volatile.Read(ref _duplicates),
        Reordered = Volatile.Read(ref _reordered),
        Gaps = Volatile.Read(ref _gaps),
        Backfilled = Volatile.Read(ref _backfilled),
        UnfilledGaps = Volatile.Read(ref _unfilledGaps),
        WarmUpBars = Volatile.Read(ref _warmUpBars),
        WarmUpFailures = Volatile.Read(ref _warmUpFailures),
        Reconnects = Volatile.Read(ref _reconnects),
        FaultedSources = Volatile.Read(ref _faultedSources),
        InputDrops = Volatile.Read(ref _inputDrops),
        OutputDrops = Volatile.Read(ref _outputDrops),
        SubscriberDrops = Volatile.Read(ref _subscriberDrops),
        Ignored = Volatile.Read(ref _ignored),
        PredictionErrors = Volatile.Read(ref _predictionErrors),
        CallbackErrors = Volatile.Read(ref _callbackErrors),
        PredictionBatches = Volatile.Read(ref _batches),
        BatchedPredictions = Volatile.Read(ref _batched),
        ContextBarsLate = Volatile.Read(ref _contextLate),
        ContextStaleSkipped = Volatile.Read(ref _contextStale),
    };
}
