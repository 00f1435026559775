using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictionSdk.Models.Drift;
using PredictionSdk.Models.Promotion;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Streaming;

/// <summary>
/// The live adaptation loop of a stream: it observes every served prediction's outcome (it is an
/// <see cref="IOutcomeObserver"/> of the symbols' pipelines), runs the drift detectors per symbol and horizon, runs
/// challengers in shadow on the same bars, decides promotion and rollback with the <see cref="ChampionChallenger"/> rules
/// on paired live losses, swaps the serving version between two bars, and asks the retraining service for challengers
/// on a market-time schedule and on drift. Every decision, swap, alarm and retrain request is an event.
/// </summary>
/// <remarks>
/// The same object serves a live <see cref="RealTimeStream"/> (registered by <c>AddAdaptiveLearning</c>) and a replay
/// that drives <see cref="SymbolPipeline"/>s itself: it keeps no clock of its own, only the bars'. Calls for one symbol
/// come from that symbol's pipeline thread; symbols may run in parallel. Event handlers run on those threads: keep them short.
/// </remarks>
public sealed partial class AdaptiveLearning : IOutcomeObserver, IDisposable
{
    private readonly AdaptiveLearningOptions _options;
    private readonly ChampionChallenger _rules;
    private readonly ModelRegistry? _registry;
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _swaps;
    private readonly Counter<long> _retrainRequests;
    private readonly Dictionary<Symbol, SymbolLoop> _symbols = [];
    private readonly Lock _symbolsGate = new();
    private readonly Channel<RetrainRequest> _retrains = Channel.CreateUnbounded<RetrainRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _idleGate = new();
    private TaskCompletionSource _idle = Idle();
    private int _outstanding;
    private long _promotions;
    private long _rollbacks;

    /// <summary>Creates the loop.</summary>
    /// <param name="options">Its settings.</param>
    /// <param name="interval">Bar length of the stream it serves.</param>
    /// <param name="registry">Where decisions are recorded (and retrained versions registered); null keeps them in memory only.</param>
    /// <param name="logger">Log of decisions, swaps and failures.</param>
    /// <param name="meterFactory">Meters for <c>PredictionSdk.Adaptive</c> and the drift monitor; null uses the global ones.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each problem.</exception>
    public AdaptiveLearning(AdaptiveLearningOptions options, Interval interval, ModelRegistry? registry = null, ILogger<AdaptiveLearning>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        Interval = interval;
        _registry = registry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _rules = new ChampionChallenger(options.Promotion);
        Drift = new DriftMonitor(options.Drift, meterFactory);
        Drift.DriftDetected += OnDrift;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _decisions = _meter.CreateCounter<long>("psdk.adaptive.decisions", description: "Promotion and rollback evaluations, tagged by symbol, kind and outcome");
        _swaps = _meter.CreateCounter<long>("psdk.adaptive.swaps", description: "Serving-version swaps, tagged by symbol and reason");
        _retrainRequests = _meter.CreateCounter<long>("psdk.adaptive.retrain.requests", description: "Retrains asked for, tagged by symbol and trigger");
    }

    /// <summary>Name of the meter of decisions, swaps and retrains.</summary>
    public const string MeterName = "PredictionSdk.Adaptive";

    /// <summary>Bar length served.</summary>
    public Interval Interval { get; }

    /// <summary>The settings.</summary>
    public AdaptiveLearningOptions Options => _options;

    /// <summary>The drift detectors on the served outcomes (their state is also published as metrics).</summary>
    public DriftMonitor Drift { get; }

    /// <summary>Promotions carried out so far.</summary>
    public long Promotions => Interlocked.Read(ref _promotions);

    /// <summary>Rollbacks carried out so far.</summary>
    public long Rollbacks => Interlocked.Read(ref _rollbacks);

    /// <summary>Retrains asked for that the retraining service has not finished.</summary>
    public int OutstandingRetrains => Volatile.Read(ref _outstanding);

    /// <summary>Raised for every evaluation of the promotion or rollback rule, with its numbers.</summary>
    public event EventHandler<AdaptiveDecision>? Decided;

    /// <summary>Raised, on the symbol's pipeline thread, when a new serving version takes over between two bars.</summary>
    public event EventHandler<ModelSwap>? Swapped;

    /// <summary>Raised for each drift alarm on a served loss.</summary>
    public event EventHandler<DriftEvent>? DriftDetected;

    /// <summary>Raised when a retrain is asked for.</summary>
    public event EventHandler<RetrainRequest>? RetrainRequested;

    /// <summary>Raised when a challenger in shadow failed and was unloaded.</summary>
    public event EventHandler<(Symbol Symbol, string VersionId, Exception Error)>? ShadowFailed;

    /// <summary>Retrains asked for, in order; the retraining service reads them.</summary>
    public ChannelReader<RetrainRequest> RetrainRequests => _retrains.Reader;

    /// <summary>
    /// The model stage for <paramref name="symbol"/>: <paramref name="champion"/> serves as <paramref name="championId"/>
    /// until the loop promotes a challenger. Hand it to the symbol's <see cref="SymbolPipeline"/> (which owns it from then on).
    /// </summary>
    /// <exception cref="InvalidOperationException">The symbol already has one.</exception>
    public ISymbolPredictor CreatePredictor(Symbol symbol, string championId, ISymbolPredictor champion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(championId);
        ArgumentNullException.ThrowIfNull(champion);
        lock (_symbolsGate)
        {
            if (_symbols.ContainsKey(symbol))
            {
                throw new InvalidOperationException($"{symbol} already has an adaptive model stage.");
            }

            var predictor = new AdaptivePredictor(this, symbol, championId, champion, _options.HistoryBars);
            _symbols.Add(symbol, new SymbolLoop(symbol, predictor, championId));
            return predictor;
        }
    }

    /// <summary>The version serving <paramref name="symbol"/>, or null when the loop does not serve it.</summary>
    public string? ChampionOf(Symbol symbol) => Find(symbol)?.Predictor.ChampionId;

    /// <summary>The challenger running in shadow for <paramref name="symbol"/>, or null.</summary>
    public string? ChallengerOf(Symbol symbol)
    {
        var loop = Find(symbol);
        if (loop is null)
        {
            return null;
        }

        lock (loop)
        {
            return loop.Challenger?.Id;
        }
    }

    /// <summary>
    /// Runs <paramref name="predictor"/> in shadow for <paramref name="symbol"/> as <paramref name="versionId"/> from the
    /// next bar (warmed on the bars kept), replacing the current challenger. It predicts on the same bars as the champion
    /// and is only scored, until the promotion rule promotes it. The loop owns the predictor from now on.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop does not serve <paramref name="symbol"/>.</exception>
    public void AddChallenger(Symbol symbol, string versionId, ISymbolPredictor predictor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        ArgumentNullException.ThrowIfNull(predictor);
        var loop = Find(symbol) ?? throw new InvalidOperationException($"{symbol} is not served by this adaptive loop; it gets a model stage when its pipeline is created.");
        lock (loop)
        {
            if (loop.Challenger is { } old && old.Id != versionId)
            {
                loop.Predictor.RemoveShadow(old.Id);
            }

            loop.Challenger = new Challenger(versionId, new PairedLosses());
            loop.Predictor.AddShadow(versionId, predictor);
        }

        Log.ChallengerAdded(_logger, symbol, versionId);
    }

    /// <summary>Asks the retraining service for a challenger for <paramref name="symbol"/> as of the latest bar seen.</summary>
    /// <returns>False when the symbol is unknown or a retrain of it is already outstanding.</returns>
    public bool RequestRetrain(Symbol symbol, string detail = "asked for") =>
        Find(symbol) is { } loop && TryRequestRetrain(loop, RetrainTrigger.Manual, detail, force: true);

    /// <summary>Completes when no retrain is outstanding: a replay waits on it so that its clock does not run ahead of training.</summary>
    public Task WhenRetrainsIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_idleGate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Served outcomes, from the symbols' pipelines: drift, pairing, schedule, and the rules every <see cref="AdaptiveLearningOptions.EvaluateEvery"/> minutes.</summary>
    public void OnOutcome(in PredictionOutcome outcome)
    {
        var loop = Find(outcome.Symbol);
        Drift.Observe(outcome);
        if (loop is null)
        {
            return;
        }

        lock (loop)
        {
            string version = outcome.Prediction.ModelVersion;
            loop.LastBar = outcome.TargetTime;
            loop.LastRetrainAt ??= outcome.TargetTime;
            if (loop.Challenger is { } challenger && version == loop.Predictor.ChampionId)
            {
                challenger.Pairs.AddChampion(outcome);
            }

            if (loop.Watch is { } watch && version == watch.PromotedId)
            {
                watch.Pairs.AddChampion(outcome);
                if (outcome.Horizon == _options.DecisionHorizon)
                {
                    watch.Minutes++;
                }
            }

            if (_options.Retrain.Every is { } every && outcome.TargetTime - loop.LastRetrainAt >= every)
            {
                TryRequestRetrain(loop, RetrainTrigger.Schedule, $"every {every}", force: false);
            }

            if (outcome.Horizon == _options.DecisionHorizon && ++loop.SinceEvaluation >= _options.EvaluateEvery)
            {
                loop.SinceEvaluation = 0;
                Evaluate(loop);
            }
        }
    }

    /// <summary>Releases the meters and every queued retrain.</summary>
    public void Dispose()
    {
        _retrains.Writer.TryComplete();
        Drift.Dispose();
        _meter.Dispose();
    }

    internal void OnShadowOutcome(Symbol symbol, string versionId, in PredictionOutcome outcome)
    {
        var loop = Find(symbol);
        if (loop is null)
        {
            return;
        }

        lock (loop)
        {
            if (loop.Challenger is { } challenger && challenger.Id == versionId)
            {
                challenger.Pairs.AddChallenger(outcome);
            }
            else if (loop.Watch is { } watch && watch.PredecessorId == versionId)
            {
                watch.Pairs.AddChallenger(outcome);
            }
        }
    }

    internal void OnShadowFailed(Symbol symbol, string versionId, Exception error)
    {
        Log.ShadowFailed(_logger, error, symbol, versionId);
        if (Find(symbol) is { } loop)
        {
            lock (loop)
            {
                if (loop.Challenger?.Id == versionId)
                {
                    loop.Challenger = null;
                }
            }
        }

        ShadowFailed?.Invoke(this, (symbol, versionId, error));
    }

    internal void OnSwapped(ModelSwap swap)
    {
        _swaps.Add(1, new("symbol", swap.Symbol.Value), new("reason", swap.Reason));
        Log.Swapped(_logger, swap.Symbol, swap.FromVersion, swap.ToVersion, swap.FirstBar, swap.Reason);

        // Detectors fitted to the old version's losses would take the change of model for drift.
        Drift.Reset(swap.Symbol);
        Swapped?.Invoke(this, swap);
    }

    /// <summary>The retraining service finished a request (whatever the outcome).</summary>
    internal void RetrainFinished(Symbol symbol)
    {
        if (Find(symbol) is { } loop)
        {
            lock (loop)
            {
                loop.RetrainPending = false;
            }
        }

        lock (_idleGate)
        {
            if (--_outstanding == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idle.SetResult();
        return idle;
    }

    private SymbolLoop? Find(Symbol symbol)
    {
        lock (_symbolsGate)
        {
            return _symbols.GetValueOrDefault(symbol);
        }
    }

    private void OnDrift(object? sender, DriftEvent e)
    {
        DriftDetected?.Invoke(this, e);
        if (_options.Retrain.OnDrift && e.Stream.Feature is null && Find(e.Symbol) is { } loop)
        {
            lock (loop)
            {
                TryRequestRetrain(loop, RetrainTrigger.Drift, $"{e.Detector} on {DriftMonitor.SignalName(e.Signal)} at horizon {e.Horizon}: statistic {e.Statistic:0.####} > {e.Threshold:0.####}", force: false);
            }
        }
    }

    /// <summary>Queues a retrain unless one is outstanding or, for automatic triggers, the last one is too recent. Call under the loop's lock.</summary>
    private bool TryRequestRetrain(SymbolLoop loop, RetrainTrigger trigger, string detail, bool force)
    {
        if (loop.RetrainPending || loop.LastBar is not { } now)
        {
            return false;
        }

        if (!force && loop.LastRequestAt is { } last && now - last < _options.Retrain.MinInterval)
        {
            return false;
        }

        loop.RetrainPending = true;
        loop.LastRequestAt = now;
        loop.LastRetrainAt = now;
        var request = new RetrainRequest(loop.Symbol, trigger, now, loop.Predictor.ChampionId, detail);
        lock (_idleGate)
        {
            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _retrains.Writer.TryWrite(request);
        _retrainRequests.Add(1, new("symbol", loop.Symbol.Value), new("trigger", trigger.ToString()));
        Log.RetrainRequested(_logger, loop.Symbol, trigger, now, detail);
        RetrainRequested?.Invoke(this, request);
        return true;
    }
}
