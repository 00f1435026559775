using PredictionSdk.Models;

namespace PredictionSdk.Streaming;

/// <summary>
/// Makes the pending predictions (<see cref="SymbolPipeline.DeferPredictions"/>) of many symbols' pipelines in one
/// batched ONNX call per shared model. Per-symbol hosts (one actor or grain per symbol) submit their pipeline with
/// <see cref="PredictAsync"/> and await it; a batch is made when <see cref="PredictionBatchingOptions.MaxBatchSize"/>
/// pipelines wait or <see cref="PredictionBatchingOptions.MaxDelay"/> after the first one came. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var batcher = new PredictionBatcher(new PredictionBatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(2) });
/// pipeline.DeferPredictions = true;
/// await pipeline.ProcessAsync(update, source, events, ct);
/// if (pipeline.HasPendingPrediction)
///     await batcher.PredictAsync(pipeline, ct); // its prediction events are now in events
/// </code>
/// </example>
public sealed class PredictionBatcher
{
    private readonly PredictionBatchingOptions _options;
    private readonly Lock _gate = new();
    private List<Entry> _queue = [];
    private long _generation;
    private long _batches;

    /// <summary>Creates a batcher.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names each problem.</exception>
    public PredictionBatcher(PredictionBatchingOptions? options = null)
    {
        _options = options ?? new PredictionBatchingOptions();
        var failures = _options.Validate("Batching");
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }
    }

    /// <summary>Batches made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Makes <paramref name="pipeline"/>'s pending prediction in the next batch; returns once its events are in the
    /// list the pipeline was processing into. The caller must not touch the pipeline until then. Returns at once when
    /// nothing is pending. Cancelled while waiting, the pipeline keeps its prediction pending (it is made alone at its
    /// next update); once its batch runs, the call completes.
    /// </summary>
    public Task PredictAsync(SymbolPipeline pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        cancellationToken.ThrowIfCancellationRequested();
        if (!pipeline.HasPendingPrediction)
        {
            return Task.CompletedTask;
        }

        var entry = new Entry(pipeline);
        List<Entry>? full = null;
        bool startTimer = false;
        long generation;
        lock (_gate)
        {
            _queue.Add(entry);
            generation = _generation;
            if (_queue.Count >= _options.MaxBatchSize || _options.MaxDelay == TimeSpan.Zero)
            {
                full = Take();
            }
            else
            {
                startTimer = _queue.Count == 1;
            }
        }

        if (full is not null)
        {
            _ = Task.Run(() => Run(full), CancellationToken.None);
        }
        else if (startTimer)
        {
            _ = FlushAfterDelayAsync(generation);
        }

        if (!cancellationToken.CanBeCanceled)
        {
            return entry.Done.Task;
        }

        var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                // Only while still queued: a running batch owns the pipeline until it completes.
                if (_queue.Remove(entry))
                {
                    entry.Done.TrySetCanceled(cancellationToken);
                }
            }
        });
        return entry.Done.Task.ContinueWith(
            t =>
            {
                registration.Dispose();
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    /// <summary>Makes the pending predictions of <paramref name="pipelines"/> now, in one batch per shared model, on the calling thread.</summary>
    public static void PredictNow(IReadOnlyList<SymbolPipeline> pipelines)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        var waiting = pipelines.Where(p => p.PendingModel is not null).Distinct().ToArray();
        if (waiting.Length == 0)
        {
            return;
        }

        var outputs = new List<Prediction>[waiting.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = [];
        }

        var errors = StockCryptoPredictor.PredictAll(waiting.Select(p => p.PendingModel!).ToArray(), outputs);
        for (int i = 0; i < waiting.Length; i++)
        {
            waiting[i].CompletePendingPrediction(outputs[i], errors[i]);
        }
    }

    private List<Entry> Take()
    {
        var batch = _queue;
        _queue = [];
        _generation++;
        return batch;
    }

    private async Task FlushAfterDelayAsync(long generation)
    {
        await Task.Delay(_options.MaxDelay).ConfigureAwait(false);
        List<Entry>? batch = null;
        lock (_gate)
        {
            // A batch that filled up meanwhile was already made; a later one has its own timer.
            if (_generation == generation && _queue.Count > 0)
            {
                batch = Take();
            }
        }

        if (batch is not null)
        {
            Run(batch);
        }
    }

    private void Run(List<Entry> batch)
    {
        Interlocked.Increment(ref _batches);
        try
        {
            PredictNow(batch.Select(e => e.Pipeline).ToArray());
            foreach (var entry in batch)
            {
                entry.Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            foreach (var entry in batch)
            {
                entry.Done.TrySetException(ex);
            }
        }
    }

    private sealed class Entry(SymbolPipeline pipeline)
    {
        public SymbolPipeline Pipeline { get; } = pipeline;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
