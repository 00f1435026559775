using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictionSdk.Indicators;

namespace PredictionSdk.Streaming;

/// <summary>
/// Everything that happens to one symbol's bars, in order: a sequencer per source (order, dedupe, outliers, gap
/// backfill), the composite of several exchanges, the <see cref="ReportedIndicators"/> (computed once per bar), and the
/// predictor (features and model, every horizon), and each served prediction's outcome when its target bar closes
/// (<see cref="OutcomeObservers"/>, <see cref="PipelineEventKind.Outcome"/>). It is driven by its host — <see cref="RealTimeStream"/>'s workers, or
/// any other host such as a per-symbol actor or a replay with a simulated clock — which feeds it updates and takes the
/// events it appends. It has no threads, channels or clock of its own; calls must not overlap.
/// </summary>
/// <remarks>
/// <para>Warm-up: the first update makes <see cref="ProcessAsync"/> return a <see cref="HistoryRequest"/> for the
/// <see cref="WarmUpBars"/> closed bars before it; the host fetches them and calls <see cref="CompleteWarmUpAsync"/>.
/// Updates that arrive meanwhile are held and replayed in order, so the first prediction follows as soon as history
/// arrives and every later bar is predicted exactly once.</para>
/// <para>Model swap: <see cref="ReplacePredictor"/> between two calls takes effect at the next bar; because calls do not
/// overlap, no bar is ever predicted by a half-swapped model.</para>
/// </remarks>
/// <example>
/// <code>
/// using var pipeline = new SymbolPipeline("BTC-USDT", Interval.OneMinute, predictor: models.Create("BTC-USDT", Interval.OneMinute));
/// var events = new List&lt;PipelineEvent&gt;();
/// await foreach (var update in source.StreamAsync(["BTC-USDT"], Interval.OneMinute, ct))
/// {
///     if (await pipeline.ProcessAsync(update, source, events, ct) is { } request)
///         await pipeline.CompleteWarmUpAsync(await source.GetHistoryAsync(request.Symbol, request.Interval, request.From, request.To, ct), events, ct);
///     foreach (var e in events) { /* e.Prediction, e.Indicators, e.Update */ }
///     events.Clear();
/// }
/// </code>
/// </example>
public sealed partial class SymbolPipeline : IDisposable
{
    /// <summary>Updates held while warming up before the oldest is let go (a closed one is backfilled later as a gap).</summary>
    private const int MaxHeld = 10_000;

    private readonly SymbolPipelineOptions _options;
    private readonly StreamCounters _counters;
    private readonly ILogger _logger;
    private readonly Dictionary<string, CandleSequencer> _sequencers = new(StringComparer.Ordinal);
    private readonly CompositeCandleBuilder? _composite;
    private readonly IndicatorSet _indicators = ReportedIndicators.Create();
    private readonly List<CandleUpdate> _sequenced = [];
    private readonly List<CandleUpdate> _combined = [];
    private readonly List<Prediction> _predictions = [];
    private readonly List<(CandleUpdate Update, ICandleSource Source)> _held = [];
    private ISymbolPredictor? _predictor;
    private ReportedIndicatorValues _current;
    private Candle? _historyEnd;
    private DateTime _lastCommitted = DateTime.MinValue;
    private HistoryRequest? _warmUp;
    private bool _disposed;

    /// <summary>Creates the pipeline of <paramref name="symbol"/>; it counts into its own <see cref="Statistics"/>.</summary>
    /// <param name="symbol">Instrument.</param>
    /// <param name="interval">Bar length of the updates it is fed.</param>
    /// <param name="options">Sequencing, warm-up and open-bar settings; defaults when null.</param>
    /// <param name="predictor">The model stage, owned (and disposed) by the pipeline from now on; null computes indicators only.</param>
    /// <param name="logger">Log of rejections, gaps, backfills and warm-up.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each problem.</exception>
    public SymbolPipeline(Symbol symbol, Interval interval, SymbolPipelineOptions? options = null, ISymbolPredictor? predictor = null, ILogger? logger = null)
        : this(symbol, interval, Checked(options ?? new SymbolPipelineOptions()), predictor, new StreamCounters(), logger ?? NullLogger.Instance)
    {
    }

    internal SymbolPipeline(Symbol symbol, Interval interval, SymbolPipelineOptions options, ISymbolPredictor? predictor, StreamCounters counters, ILogger logger)
    {
        Symbol = symbol;
        Interval = interval;
        _options = options;
        _predictor = predictor;
        _counters = counters;
        _logger = logger;
        _composite = options.Exchanges.Count > 1 ? new CompositeCandleBuilder(symbol, interval, [.. options.Exchanges]) : null;
    }

    /// <summary>Instrument.</summary>
    public Symbol Symbol { get; }

    /// <summary>Bar length.</summary>
    public Interval Interval { get; }

    /// <summary>Cold, warming up or live.</summary>
    public SymbolPipelineState State { get; private set; }

    /// <summary>The model stage, or null.</summary>
    public ISymbolPredictor? Predictor => _predictor;

    /// <summary>
    /// Closed bars asked for before the first live bar: <see cref="SymbolPipelineOptions.WarmUpBars"/> when set, else
    /// the larger of what the predictor needs and the reported indicators' warm-up.
    /// </summary>
    public int WarmUpBars => _options.WarmUpBars ?? Math.Max(_predictor?.RequiredHistory ?? 0, ReportedIndicators.WarmUpBars);

    /// <summary>Append <see cref="PipelineEventKind.Candle"/> events (default true); a host with nobody reading them turns them off.</summary>
    public bool EmitCandles { get; set; } = true;

    /// <summary>
    /// Takes a source's <see cref="IntervalMismatchException"/> (its bars are spaced by another interval than
    /// <see cref="Interval"/>) instead of <see cref="ProcessAsync"/> throwing it; the stream stops the source with it.
    /// </summary>
    internal Action<ICandleSource, Exception>? SourceFaulted { get; set; }

    /// <summary>Append <see cref="PipelineEventKind.Indicators"/> events (default true).</summary>
    public bool EmitIndicators { get; set; } = true;

    /// <summary>The reported indicators after the latest closed bar or preview.</summary>
    public ReportedIndicatorValues Indicators => _current;

    /// <summary>Counters of this pipeline (for one created by <see cref="RealTimeStream"/>: of the whole stream).</summary>
    public StreamStatistics Statistics => _counters.Snapshot();

    /// <summary>
    /// Feeds one update from <paramref name="source"/> and appends what follows from it to <paramref name="events"/>.
    /// Returns the warm-up history the pipeline needs, once, on the first update (then hand it to
    /// <see cref="CompleteWarmUpAsync"/>); null otherwise. A gap is backfilled from <paramref name="source"/> before this returns.
    /// </summary>
    /// <exception cref="IntervalMismatchException">
    /// The source's closed bars are spaced by another interval than <see cref="Interval"/> (once; its later bars are dropped).
    /// </exception>
    public async ValueTask<HistoryRequest?> ProcessAsync(CandleUpdate update, ICandleSource source, List<PipelineEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_composite is null && _options.Exchanges.Count > 0 && !_options.Exchanges.Contains(source.Name))
        {
            _counters.Ignore();
            return null;
        }

        if (State == SymbolPipelineState.WarmingUp)
        {
            Hold(update, source);
            return null;
        }

        if (State == SymbolPipelineState.Cold)
        {
            if (WarmUpBars == 0)
            {
                State = SymbolPipelineState.Live;
            }
            else if (update.Candle.IsConsistent && Interval.IsAligned(update.Candle.Timestamp))
            {
                // The first sound update says where the exchange is: everything before its bar is history.
                State = SymbolPipelineState.WarmingUp;
                DateTime to = update.Candle.Timestamp;
                _warmUp = new HistoryRequest(Symbol, Interval, to - (Interval.Duration * WarmUpBars), to, source);
                Hold(update, source);
                return _warmUp;
            }

            // An unsound first update goes on to be rejected; the warm-up waits for a sound one.
        }

        await ProcessLiveAsync(update, source, events, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// The sources have ended: completes a pending warm-up without history, releases held bars (filling the gaps before
    /// them) and closes pending composite bars.
    /// </summary>
    public async ValueTask FlushAsync(List<PipelineEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_warmUp is not null)
        {
            await CompleteWarmUpAsync([], events, cancellationToken).ConfigureAwait(false);
        }

        _sequenced.Clear();
        foreach (var sequencer in _sequencers.Values)
        {
            await sequencer.FlushAsync(_sequenced, cancellationToken).ConfigureAwait(false);
        }

        _combined.Clear();
        foreach (var update in _sequenced)
        {
            Combine(update);
        }

        _composite?.Flush(_combined);
        foreach (var update in _combined)
        {
            Compute(update, events, predict: true);
        }
    }

    /// <summary>
    /// Serves the next bars with <paramref name="predictor"/> (null: no predictions) and returns the previous predictor,
    /// which the caller now owns. Call it between two updates; warm the new predictor first (for example by
    /// <see cref="ISymbolPredictor.Observe"/>-ing the closed bars this pipeline emitted), or it predicts only once it is ready.
    /// </summary>
    public ISymbolPredictor? ReplacePredictor(ISymbolPredictor? predictor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ResolvePendingPrediction();
        var previous = _predictor;
        _predictor = predictor;
        return previous;
    }

    /// <summary>Disposes the predictor.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _pending = null;
            _predictor?.Dispose();
        }
    }

    private static SymbolPipelineOptions Checked(SymbolPipelineOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new ArgumentException(string.Join(" ", failures), nameof(options));
    }

    private async ValueTask ProcessLiveAsync(CandleUpdate update, ICandleSource source, List<PipelineEvent> events, CancellationToken cancellationToken)
    {
        if (!_sequencers.TryGetValue(source.Name, out var sequencer))
        {
            sequencer = new CandleSequencer(Symbol, source, Interval, _options, _counters, _logger);
            if (_historyEnd is { } end)
            {
                sequencer.ContinueAfter(end);
            }

            _sequencers.Add(source.Name, sequencer);
        }

        long start = StreamCounters.StageStart();
        _sequenced.Clear();
        try
        {
            await sequencer.ProcessAsync(update, _sequenced, cancellationToken).ConfigureAwait(false);
        }
        catch (IntervalMismatchException ex) when (SourceFaulted is not null)
        {
            // The bars passed before the mismatch showed still go on; the source's later ones are dropped.
            SourceFaulted(source, ex);
        }

        StreamCounters.RecordStage("validate", start);

        _combined.Clear();
        foreach (var sequenced in _sequenced)
        {
            Combine(sequenced);
        }

        foreach (var combined in _combined)
        {
            Compute(combined, events, predict: true);
        }
    }

    private void Combine(in CandleUpdate update)
    {
        if (_composite is null)
        {
            _combined.Add(update);
        }
        else if (!_composite.Add(update, _combined))
        {
            _counters.Ignore();
        }
    }

    private void Compute(in CandleUpdate update, List<PipelineEvent> events, bool predict)
    {
        // A prediction left for a batch must be made before this bar changes the predictor's state.
        ResolvePendingPrediction();
        if (update.Candle.Timestamp <= _lastCommitted)
        {
            // Two sources passed through without a composite can repeat a bar; the symbol's series moves forward only.
            _counters.Duplicate();
            return;
        }

        if (update.IsFinal)
        {
            _lastCommitted = update.Candle.Timestamp;
            ClosedBarEmitted?.Invoke(Symbol, update.Candle);
        }

        if (update.IsFinal)
        {
            _counters.CandleOut();
        }
        else
        {
            _counters.OpenBarUpdate();
        }

        if (EmitCandles)
        {
            events.Add(PipelineEvent.ForCandle(update));
        }

        long start = StreamCounters.StageStart();
        if (update.IsFinal || _options.PreviewOpenBars)
        {
            _current = ReportedIndicators.Read(update.IsFinal ? _indicators.Add(update.Candle) : _indicators.Preview(update.Candle));
            if (EmitIndicators)
            {
                events.Add(PipelineEvent.ForIndicators(new IndicatorUpdate(update, _current)));
            }
        }

        StreamCounters.RecordStage("indicators", start);
        if (update.IsFinal)
        {
            ResolveOutcomes(update, events);
        }

        if (_predictor is not { } predictor || (!update.IsFinal && !_options.PredictOnOpenBars))
        {
            return;
        }

        start = StreamCounters.StageStart();
        _predictions.Clear();
        try
        {
            if (update.IsFinal)
            {
                ObserveClosed(predictor, update.Candle, predict);
                if (predict && predictor.IsReady && TryDefer(predictor, update, events))
                {
                    return;
                }

                if (predict && predictor.IsReady)
                {
                    predictor.Predict(_predictions);
                }
            }
            else if (predictor.IsReady)
            {
                predictor.Preview(update.Candle, _predictions);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _predictions.Clear();
            _counters.PredictionError();
            StreamingLog.PredictionFailed(_logger, ex, Symbol, update.Candle.Timestamp);
        }

        StreamCounters.RecordStage("predict", start);
        Emit(update, _predictions, events, events.Count);
    }

    /// <summary>Turns a bar's predictions into events at <paramref name="at"/> in <paramref name="events"/> and tracks their outcomes.</summary>
    private void Emit(in CandleUpdate update, List<Prediction> predictions, List<PipelineEvent> events, int at)
    {
        if (predictions.Count == 0)
        {
            return;
        }

        // One indicators record for every horizon of the bar.
        var indicators = _current.ToTechnicalIndicators();
        foreach (var prediction in predictions)
        {
            var p = prediction.Indicators is null || (!update.IsFinal && !prediction.IsPreview)
                ? prediction with { Indicators = prediction.Indicators ?? indicators, IsPreview = prediction.IsPreview || !update.IsFinal }
                : prediction;
            if (update.IsFinal)
            {
                _outcomes.Track(p);
            }

            events.Insert(at++, PipelineEvent.ForPrediction(update, p));
        }
    }
}
