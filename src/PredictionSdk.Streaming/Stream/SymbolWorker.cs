using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PredictionSdk.Streaming;

/// <summary>
/// One partition of <see cref="RealTimeStream"/>: hosts the <see cref="SymbolPipeline"/>s of the symbols hashed onto it,
/// feeds them its input in order and writes their events to the output stage. Warm-up history is fetched off the worker
/// (paced by the stream's <see cref="WarmUpLoader"/>) and comes back on an unbounded control channel, so a symbol
/// waiting for history never holds up the others and its result can never be dropped. No locks: each pipeline is
/// touched by this worker only.
/// </summary>
internal sealed class SymbolWorker
{
    private readonly Channel<StreamInput> _input;
    private readonly Channel<WarmUpResult> _control = Channel.CreateUnbounded<WarmUpResult>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ChannelWriter<StreamEvent> _output;
    private readonly StreamContext _context;
    private readonly Dictionary<Symbol, SymbolPipeline> _pipelines = [];
    private readonly List<PipelineEvent> _events = [];
    private readonly bool _batching;
    private readonly int _maxBatch;

    // Minute-boundary batching: events of items processed since the last batch, in arrival order, and the pipelines
    // whose predictions wait for it.
    private readonly List<(List<PipelineEvent> Events, long ReceivedAt)> _held = [];
    private readonly Stack<List<PipelineEvent>> _spareLists = new();
    private readonly List<SymbolPipeline> _waiting = [];
    private readonly ContextRouter _router;
    private int _pendingWarmUps;

    public SymbolWorker(StreamContext context, ChannelWriter<StreamEvent> output)
    {
        _context = context;
        _router = new ContextRouter(context.ContextOf, context.Options.ContextWait, context.Counters);
        _output = output;
        _batching = context.Options.Batching.Enabled;
        _maxBatch = context.Options.Batching.MaxBatchSize;
        var stage = context.Options.Input;
        _input = Channel.CreateBounded<StreamInput>(
            new BoundedChannelOptions(stage.Capacity)
            {
                FullMode = stage.FullMode == StreamFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleReader = true,
            },
            _ =>
            {
                if (context.Counters.InputDrop())
                {
                    StreamingLog.FirstDrop(context.Logger, "input");
                }
            });
    }

    /// <summary>Where the pumps write; completing it means the sources have ended.</summary>
    public ChannelWriter<StreamInput> Input => _input.Writer;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var input = _input.Reader;
        var control = _control.Reader;
        Task<bool>? inputWait = null;
        Task<bool>? controlWait = null;
        bool inputOpen = true;
        while (true)
        {
            while (control.TryRead(out var warmUp))
            {
                await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
                _pendingWarmUps--;
                await CompleteWarmUpAsync(warmUp, cancellationToken).ConfigureAwait(false);
            }

            if (inputOpen && input.TryRead(out var item))
            {
                await ProcessAsync(item, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_held.Count > 0)
            {
                // The input is drained (a minute boundary's closes have all arrived): make their batch before idling.
                await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!inputOpen && _pendingWarmUps == 0)
            {
                // The sources ended: bars still waiting for context go on with what arrived.
                if (await ReleaseContextAsync(all: true, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                break;
            }

            if (await ReleaseContextAsync(all: false, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // Idle: wake on the next input, on a warm-up result while one is outstanding, or when a bar's context wait ends.
            inputWait ??= inputOpen ? input.WaitToReadAsync(cancellationToken).AsTask() : null;
            controlWait ??= _pendingWarmUps > 0 ? control.WaitToReadAsync(cancellationToken).AsTask() : null;
            Task wake = inputWait is null ? controlWait! : controlWait is null ? inputWait : Task.WhenAny(inputWait, controlWait);
            if (_router.NextDeadline() is { } deadline)
            {
                wake = Task.WhenAny(wake, Task.Delay(deadline, cancellationToken));
            }

            await wake.ConfigureAwait(false);
            if (inputWait is { IsCompleted: true })
            {
                inputOpen = await inputWait.ConfigureAwait(false);
                inputWait = null;
            }

            if (controlWait is { IsCompleted: true })
            {
                await controlWait.ConfigureAwait(false);
                controlWait = null;
            }
        }

        // Sources ended: release held bars (filling their gaps) and close pending composite bars.
        await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pipeline in _pipelines.Values)
        {
            _events.Clear();
            pipeline.DeferPredictions = false;
            await pipeline.FlushAsync(_events, cancellationToken).ConfigureAwait(false);
            await WriteEventsAsync(_events, StreamCounters.ReceivedNow(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var pipeline in _pipelines.Values)
        {
            pipeline.Dispose();
        }
    }

    private async ValueTask ProcessAsync(StreamInput item, CancellationToken cancellationToken)
    {
        if (!_router.Active)
        {
            await ProcessNowAsync(item, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A closed bar whose model reads context symbols waits for their bars of the same minute.
        if (!_router.TryPark(item))
        {
            await ProcessNowAsync(item, cancellationToken).ConfigureAwait(false);
        }

        await ReleaseContextAsync(all: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Processes the waiting updates that may go on; true when there was one.</summary>
    private async ValueTask<bool> ReleaseContextAsync(bool all, CancellationToken cancellationToken)
    {
        bool any = false;
        while (_router.Active && _router.TryRelease(all, out var item))
        {
            await ProcessNowAsync(item, cancellationToken).ConfigureAwait(false);
            any = true;
        }

        return any;
    }

    private async ValueTask ProcessNowAsync(StreamInput item, CancellationToken cancellationToken)
    {
        var pipeline = GetPipeline(item.Update.Symbol);
        if (!_batching)
        {
            _events.Clear();
            if (await pipeline.ProcessAsync(item.Update, item.Source, _events, cancellationToken).ConfigureAwait(false) is { } request)
            {
                StartWarmUp(request);
            }

            await WriteEventsAsync(_events, item.ReceivedAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (pipeline.HasPendingPrediction)
        {
            // The symbol's next update: its waiting prediction is made (with the batch) before this one is looked at.
            await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
        }

        var events = _spareLists.TryPop(out var spare) ? spare : [];
        if (await pipeline.ProcessAsync(item.Update, item.Source, events, cancellationToken).ConfigureAwait(false) is { } warmUp)
        {
            StartWarmUp(warmUp);
        }

        _held.Add((events, item.ReceivedAt));
        if (pipeline.HasPendingPrediction)
        {
            _waiting.Add(pipeline);
        }

        if (_waiting.Count == 0 || _waiting.Count >= _maxBatch)
        {
            await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes the waiting predictions in one batch per shared model, then writes the held events in arrival order.</summary>
    private async ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        if (_waiting.Count > 0)
        {
            long start = StreamCounters.StageStart();
            PredictionBatcher.PredictNow(_waiting);
            StreamCounters.RecordStage("predict-batch", start);
            _context.Counters.Batch(_waiting.Count);
            _waiting.Clear();
        }

        foreach (var (events, receivedAt) in _held)
        {
            await WriteEventsAsync(events, receivedAt, cancellationToken).ConfigureAwait(false);
            events.Clear();
            _spareLists.Push(events);
        }

        _held.Clear();
    }

    private async ValueTask CompleteWarmUpAsync(WarmUpResult result, CancellationToken cancellationToken)
    {
        var pipeline = GetPipeline(result.Symbol);
        _events.Clear();
        await pipeline.CompleteWarmUpAsync(result.History, _events, cancellationToken).ConfigureAwait(false);
        if (pipeline.HasPendingPrediction)
        {
            // Its prediction goes into _events, which is written now: make it before.
            PredictionBatcher.PredictNow([pipeline]);
        }

        await WriteEventsAsync(_events, 0, cancellationToken).ConfigureAwait(false);
    }

    private void StartWarmUp(HistoryRequest request)
    {
        _pendingWarmUps++;
        var context = _context;
        var results = _control.Writer;
        _ = Task.Run(async () =>
        {
            IReadOnlyList<Candle> history = [];
            using var activity = StreamingTelemetry.ActivitySource.StartActivity("warm-up");
            activity?.SetTag("symbol", request.Symbol.Value);
            activity?.SetTag("source", request.Source.Name);
            try
            {
                history = await context.Loader.LoadAsync(request, context.SourceStop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.SourceStop.IsCancellationRequested)
            {
                // Stopping: the symbol goes live without history and drains what it holds.
            }
            catch (IntervalMismatchException ex)
            {
                // Not transient: the source holds bars of another interval, and a model fed them would predict nonsense.
                context.Counters.WarmUpFailure();
                context.FaultSource?.Invoke(request.Source, ex);
            }
            catch (Exception ex)
            {
                context.Counters.WarmUpFailure();
                StreamingLog.WarmUpFailed(context.Logger, ex, request.Symbol, request.Source.Name, request.Bars);
            }

            // Unbounded: the result always reaches the worker, which waits for it before it ends.
            results.TryWrite(new WarmUpResult(request.Symbol, history));
        });
    }

    private async ValueTask WriteEventsAsync(List<PipelineEvent> events, long receivedAt, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            var item = new StreamEvent(e, receivedAt);
            if (!_output.TryWrite(item))
            {
                await _output.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private SymbolPipeline GetPipeline(Symbol symbol)
    {
        if (!_pipelines.TryGetValue(symbol, out var pipeline))
        {
            // A symbol streamed only as another's context is an input: it has no model of its own.
            var predictor = _context.ContextOnly.Contains(symbol) ? null : _context.PredictorFactory?.Invoke(symbol, _context.Interval);
            pipeline = new SymbolPipeline(symbol, _context.Interval, _context.PipelineOptions, predictor, _context.Counters, _context.Logger);
            if (_router.DependentsOf(symbol).Count > 0)
            {
                pipeline.ClosedBarEmitted = _router.Emitted;
            }

            pipeline.ContextDue = _router.Deliver;

            pipeline.SourceFaulted = _context.FaultSource;
            pipeline.DeferPredictions = _batching;
            foreach (var observer in _context.OutcomeObservers)
            {
                pipeline.OutcomeObservers.Add(observer);
            }

            _pipelines.Add(symbol, pipeline);
        }

        // Building events nobody reads is skipped; the taps may gain or lose readers at any time.
        pipeline.EmitCandles = _context.CandleTapActive;
        pipeline.EmitIndicators = _context.IndicatorTapActive;
        pipeline.EmitOutcomes = _context.OutcomeTapActive;
        return pipeline;
    }
}

/// <summary>What every worker of one stream shares.</summary>
internal sealed class StreamContext
{
    public required RealTimeStreamOptions Options { get; init; }

    public required SymbolPipelineOptions PipelineOptions { get; init; }

    public required Interval Interval { get; init; }

    public required StreamCounters Counters { get; init; }

    public required ILogger Logger { get; init; }

    public required WarmUpLoader Loader { get; init; }

    /// <summary>Cancelled when the stream stops its sources; ends warm-up fetches too.</summary>
    public required CancellationToken SourceStop { get; init; }

    public SymbolPredictorFactory? PredictorFactory { get; init; }

    /// <summary>Stops a source for good (<see cref="RealTimeStream.Faults"/>) when its data cannot be used.</summary>
    public Action<ICandleSource, Exception>? FaultSource { get; init; }

    public Func<bool> CandleTap { get; init; } = static () => false;

    public Func<bool> IndicatorTap { get; init; } = static () => false;

    public Func<bool> OutcomeTap { get; init; } = static () => false;

    public IReadOnlyList<IOutcomeObserver> OutcomeObservers { get; init; } = [];

    /// <summary>For each streamed symbol whose model reads context symbols, those symbols (all on the same worker).</summary>
    public IReadOnlyDictionary<Symbol, IReadOnlyList<Symbol>> ContextOf { get; init; } = new Dictionary<Symbol, IReadOnlyList<Symbol>>();

    /// <summary>Symbols streamed only as context: no model of their own.</summary>
    public IReadOnlySet<Symbol> ContextOnly { get; init; } = new HashSet<Symbol>();

    public bool CandleTapActive => CandleTap();

    public bool OutcomeTapActive => OutcomeTap();

    public bool IndicatorTapActive => IndicatorTap();
}
