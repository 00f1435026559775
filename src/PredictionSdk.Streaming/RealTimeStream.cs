using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Streaming;

/// <summary>
/// A live prediction pipeline: candle sources → one <see cref="SymbolPipeline"/> per symbol (sequencing, composite,
/// indicators, model: every horizon) → fan-out (callbacks, <see cref="ReadAllAsync"/>, candle and indicator taps).
/// Stages are joined by bounded channels; symbols are spread over parallel workers and each symbol stays in order.
/// Each symbol first warms up from history (<see cref="RealTimeStreamOptions.WarmUpBars"/>), so it predicts at once.
/// </summary>
/// <example>
/// <code>
/// await using var stream = new RealTimeStream(["BTC-USD"], p => Console.WriteLine(p), source,
///     new RealTimeStreamOptions { ModelPath = "model.psdk" });
/// await stream.StartAsync(ct);
/// </code>
/// </example>
public sealed partial class RealTimeStream : IAsyncDisposable
{
    private readonly ICandleSource[] _sources;
    private readonly RealTimeStreamOptions _options;
    private readonly ILogger _logger;
    private readonly StreamCounters _counters = new();
    private readonly SymbolPredictorFactory? _predictorFactory;
    private readonly BundlePredictors? _models;
    private readonly List<SourceFault> _faults = [];
    private readonly Dictionary<ICandleSource, CancellationTokenSource> _sourceStops = new(ReferenceEqualityComparer.Instance);
    private readonly List<Func<Prediction, CancellationToken, ValueTask>> _handlers = [];
    private readonly List<Func<PredictionOutcome, CancellationToken, ValueTask>> _outcomeHandlers = [];
    private readonly SubscriberList<PredictionOutcome> _outcomeReaders;
    private readonly List<IOutcomeObserver> _outcomeObservers = [];
    private readonly SubscriberList<Prediction> _predictionReaders;
    private readonly SubscriberList<CandleUpdate> _candleReaders;
    private readonly SubscriberList<IndicatorUpdate> _indicatorReaders;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _sourceStop = new();
    private readonly CancellationTokenSource _hardStop = new();
    private ICandleStore? _historyStore;
    private WarmUpLoader? _loader;
    private int _state; // 0 created, 1 running, 2 stopping/stopped

    /// <summary>Streams <paramref name="symbols"/> from <paramref name="source"/> and calls <paramref name="callback"/> for each prediction.</summary>
    public RealTimeStream(IEnumerable<Symbol> symbols, Action<Prediction> callback, ICandleSource source, RealTimeStreamOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this([source ?? throw new ArgumentNullException(nameof(source))], WithSymbols(options ?? new RealTimeStreamOptions(), symbols), loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(callback);
        OnPrediction((p, _) =>
        {
            callback(p);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Streams <see cref="RealTimeStreamOptions.Symbols"/> from every source in <paramref name="sources"/>.</summary>
    public RealTimeStream(IEnumerable<ICandleSource> sources, RealTimeStreamOptions options, ILoggerFactory? loggerFactory = null)
        : this(sources, options, loggerFactory, null)
    {
    }

    internal RealTimeStream(IEnumerable<ICandleSource> sources, RealTimeStreamOptions options, ILoggerFactory? loggerFactory, SymbolPredictorFactory? predictorFactory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        _sources = [.. sources];
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RealTimeStream>();
        if (predictorFactory is null && !string.IsNullOrWhiteSpace(options.ModelPath))
        {
            _models = BundlePredictors.Open(options.ModelPath);
            predictorFactory = _models.Create;
        }

        _predictorFactory = predictorFactory;
        _predictionReaders = new(options.Subscriber, OnSubscriberDrop);
        _candleReaders = new(options.Subscriber, OnSubscriberDrop);
        _indicatorReaders = new(options.Subscriber, OnSubscriberDrop);
        _outcomeReaders = new(options.Subscriber, OnSubscriberDrop);
    }

    /// <summary>Symbols streamed.</summary>
    public IReadOnlyList<Symbol> Symbols => _options.ParsedSymbols;

    /// <summary>Counters since start: candles, predictions, drops per stage, rejected, backfilled, warm-up, reconnects.</summary>
    public StreamStatistics Statistics
    {
        get
        {
            // Sources that reconnect or parse messages themselves report it; their counts are the stream's too.
            var snapshot = _counters.Snapshot();
            long reconnects = 0, malformed = 0;
            foreach (var feed in _sources.OfType<IFeedStatistics>())
            {
                reconnects += feed.Reconnects;
                malformed += feed.MalformedFrames;
            }

            return snapshot with { Reconnects = snapshot.Reconnects + reconnects, MalformedFrames = malformed };
        }
    }

    /// <summary>
    /// Completes when the stream has stopped and drained (after <see cref="StopAsync"/>, or when every finite source
    /// ended). It is faulted when a source was stopped for malformed data (<see cref="Faults"/>): its exception names
    /// the file, line and field.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Sources stopped for good because their data is malformed (a file with a bad row: <see cref="CandleFormatException"/>
    /// or <see cref="CandleValidationException"/>, or a file that is missing). Other failures — a dropped connection, a
    /// failed request — are transient: the source is restarted with backoff and is never listed here.
    /// </summary>
    public IReadOnlyList<SourceFault> Faults
    {
        get
        {
            lock (_faults)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Raised, on the source's pump, when a source is stopped for malformed data; the other sources go on.</summary>
    public event EventHandler<SourceFault>? SourceFaulted;

    /// <summary>
    /// Reads warm-up history from <paramref name="store"/> first; the sources serve only the bars after the store's
    /// newest one (<see cref="RealTimeStreamOptions.WarmUpFromStore"/> does this in a host).
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream has started.</exception>
    public RealTimeStream UseHistoryStore(ICandleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("Set the history store before StartAsync.");
        }

        _historyStore = store;
        return this;
    }

    /// <summary>Adds a prediction handler; handlers run in order on the fan-out, and one that throws is logged and counted, never fatal.</summary>
    /// <exception cref="InvalidOperationException">The stream has started.</exception>
    public RealTimeStream OnPrediction(Func<Prediction, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("Add prediction handlers before StartAsync.");
        }

        _handlers.Add(handler);
        return this;
    }

    /// <summary>
    /// Adds an outcome handler: called once per served prediction when its target bar closes, with the prediction scored
    /// against that bar (<see cref="PredictionOutcome"/>). Handlers run in order on the fan-out, after the predictions
    /// of the bars before; one that throws is logged and counted, never fatal.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream has started.</exception>
    public RealTimeStream OnOutcome(Func<PredictionOutcome, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("Add outcome handlers before StartAsync.");
        }

        _outcomeHandlers.Add(handler);
        return this;
    }

    /// <summary>
    /// Adds an observer that every symbol's <see cref="SymbolPipeline"/> tells of its outcomes on the symbol's worker,
    /// in bar order and before the symbol's next bar (<see cref="SymbolPipeline.OutcomeObservers"/>); calls for different
    /// symbols may run at the same time. Use it for state that must follow the bars exactly, such as drift monitors and
    /// the champion/challenger loop; use <see cref="OnOutcome"/> for slower work.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream has started.</exception>
    public RealTimeStream AddOutcomeObserver(IOutcomeObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("Add outcome observers before StartAsync.");
        }

        _outcomeObservers.Add(observer);
        return this;
    }

    /// <summary>Outcomes of served predictions, each once when its target bar closes, from the moment of this call until the stream completes.</summary>
    public IAsyncEnumerable<PredictionOutcome> ReadOutcomesAsync(CancellationToken cancellationToken = default) => _outcomeReaders.Subscribe(cancellationToken);

    /// <summary>Predictions from the moment of this call until the stream completes. Each reader has its own bounded buffer (<see cref="RealTimeStreamOptions.Subscriber"/>).</summary>
    public IAsyncEnumerable<Prediction> ReadAllAsync(CancellationToken cancellationToken = default) => _predictionReaders.Subscribe(cancellationToken);

    /// <summary>Validated (and, with several exchanges, composite) candle updates, open and closed, from the moment of this call.</summary>
    public IAsyncEnumerable<CandleUpdate> ReadCandlesAsync(CancellationToken cancellationToken = default) => _candleReaders.Subscribe(cancellationToken);

    /// <summary>The reported indicators after each validated update (closed bars, and open bars unless <see cref="RealTimeStreamOptions.PreviewOpenBars"/> is off), from the moment of this call.</summary>
    public IAsyncEnumerable<IndicatorUpdate> ReadIndicatorsAsync(CancellationToken cancellationToken = default) => _indicatorReaders.Subscribe(cancellationToken);

    /// <summary>Validates the options and starts the sources, workers and fan-out; returns once running.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each problem.</exception>
    /// <exception cref="InvalidOperationException">The stream was already started, or has no source.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var failures = _options.Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(RealTimeStreamOptions.SectionName, typeof(RealTimeStreamOptions), failures);
        }

        if (_sources.Length == 0)
        {
            throw new InvalidOperationException("RealTimeStream needs at least one ICandleSource (a replay source or an exchange feed).");
        }

        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The stream was already started; create a new RealTimeStream to start again.");
        }

        var interval = _options.IntervalOrDefault;
        var symbols = _options.ParsedSymbols;
        var exchanges = _options.Exchanges.Count > 0 ? [.. _options.Exchanges] : _sources.Length > 1 ? _sources.Select(s => s.Name).Distinct(StringComparer.Ordinal).ToArray() : Array.Empty<string>();
        StreamingLog.Starting(_logger, symbols.Count, interval, _options.WorkerCount, string.Join(",", _sources.Select(s => s.Name)), _options.ModelPath ?? (_predictorFactory is null ? "none" : "custom"));
        _models?.WarnOfOtherSymbols(symbols, _logger);

        var output = Channel.CreateBounded<StreamEvent>(
            new BoundedChannelOptions(_options.Output.Capacity)
            {
                FullMode = _options.Output.FullMode == StreamFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleReader = true,
            },
            _ =>
            {
                if (_counters.OutputDrop())
                {
                    StreamingLog.FirstDrop(_logger, "output");
                }
            });
        _loader = new WarmUpLoader(_options.WarmUpConcurrency, _historyStore);
        var context = new StreamContext
        {
            Options = _options,
            PipelineOptions = _options.PipelineOptions(exchanges),
            Interval = interval,
            Counters = _counters,
            Logger = _logger,
            Loader = _loader,
            SourceStop = _sourceStop.Token,
            PredictorFactory = _predictorFactory,
            FaultSource = Fault,
            CandleTap = () => _candleReaders.HasSubscribers,
            IndicatorTap = () => _indicatorReaders.HasSubscribers,
            OutcomeObservers = [.. _outcomeObservers],
            OutcomeTap = () => _outcomeHandlers.Count > 0 || _outcomeReaders.HasSubscribers,
        };
        var workers = new SymbolWorker[_options.WorkerCount];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = new SymbolWorker(context, output.Writer);
        }

        var hard = _hardStop.Token;
        var workerTasks = workers.Select(w => Task.Run(() => w.RunAsync(hard), CancellationToken.None)).ToArray();
        var fanOut = Task.Run(() => FanOutAsync(output.Reader, hard), CancellationToken.None);
        var symbolSet = symbols.ToHashSet();
        var pumps = _sources.Select(s => Task.Run(() => PumpAsync(s, symbols, symbolSet, interval, workers), CancellationToken.None)).ToArray();
        _ = RunToCompletionAsync(pumps, workers, workerTasks, output.Writer, fanOut);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops the sources, then lets every update already accepted flow through to the readers (bounded by
    /// <see cref="RealTimeStreamOptions.DrainTimeout"/> and <paramref name="cancellationToken"/>), then completes them.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        int previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 0)
        {
            _models?.Dispose();
            CompleteReaders();
            _completion.TrySetResult();
            return;
        }

        if (previous == 2)
        {
            // Stopped (or disposed) already: a host may stop a stream its container disposed first.
            await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        await _sourceStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _completion.Task.WaitAsync(_options.DrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            StreamingLog.DrainTimedOut(_logger);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await _completion.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception) when (_completion.Task.IsFaulted)
        {
            // A faulted source: stopping is still a success; Completion and Faults carry the cause.
        }
    }

    /// <summary>Stops (draining) and releases the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _sourceStop.Dispose();
        _hardStop.Dispose();
    }

    private static RealTimeStreamOptions WithSymbols(RealTimeStreamOptions options, IEnumerable<Symbol> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (var symbol in symbols)
        {
            options.Symbols.Add(symbol.Value);
        }

        return options;
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Hard stop: the drain was abandoned on purpose.
        }
    }

    private async Task FanOutAsync(ChannelReader<StreamEvent> reader, CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                long start = StreamCounters.StageStart();
                var e = item.Event;
                switch (e.Kind)
                {
                    case PipelineEventKind.Prediction:
                        await DeliverAsync(e.Prediction!, cancellationToken).ConfigureAwait(false);
                        StreamCounters.RecordLatency(item.ReceivedAt);
                        break;
                    case PipelineEventKind.Outcome:
                        await DeliverOutcomeAsync(e.Outcome!.Value, cancellationToken).ConfigureAwait(false);
                        break;
                    case PipelineEventKind.Candle:
                        await _candleReaders.PublishAsync(e.Update, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await _indicatorReaders.PublishAsync(e.Indicators, cancellationToken).ConfigureAwait(false);
                        break;
                }

                StreamCounters.RecordStage("fan-out", start);
            }
        }
    }

    private async ValueTask DeliverAsync(Prediction prediction, CancellationToken cancellationToken)
    {
        _counters.Prediction();
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(prediction, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _counters.CallbackError();
                StreamingLog.CallbackFailed(_logger, ex, prediction.Symbol);
            }
        }

        await _predictionReaders.PublishAsync(prediction, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask DeliverOutcomeAsync(PredictionOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var handler in _outcomeHandlers)
        {
            try
            {
                await handler(outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _counters.CallbackError();
                StreamingLog.CallbackFailed(_logger, ex, outcome.Prediction.Symbol);
            }
        }

        await _outcomeReaders.PublishAsync(outcome, cancellationToken).ConfigureAwait(false);
    }

    private void OnSubscriberDrop()
    {
        if (_counters.SubscriberDrop())
        {
            StreamingLog.FirstDrop(_logger, "subscriber");
        }
    }

    private void CompleteReaders()
    {
        _predictionReaders.Complete();
        _candleReaders.Complete();
        _indicatorReaders.Complete();
        _outcomeReaders.Complete();
    }
}
