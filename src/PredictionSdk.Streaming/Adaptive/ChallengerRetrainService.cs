using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Streaming;

/// <summary>
/// Trains challengers inside the host: it takes the retrains <see cref="AdaptiveLearning"/> asks for (on its market-time
/// schedule and on drift), one at a time, reads the training window from the candle store, trains with an
/// <see cref="IChallengerTrainer"/> within a thread budget and a timeout, registers the bundle (when a registry is
/// given) and hands the challenger to the loop, which runs it in shadow. A retrain that fails, times out or is
/// cancelled changes nothing: the champion keeps serving.
/// </summary>
public sealed partial class ChallengerRetrainService : BackgroundService
{
    private readonly AdaptiveLearning _learning;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _trained = new(StringComparer.Ordinal); // challenger id → bundle file
    private readonly IChallengerTrainer _trainer;
    private readonly ICandleStore _store;
    private readonly Func<string, Symbol, Interval, ISymbolPredictor> _load;
    private readonly ModelRegistry? _registry;
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _seconds;
    private double _progress;
    private int _sequence;

    /// <summary>Creates the service.</summary>
    /// <param name="learning">The loop whose retrain requests it serves.</param>
    /// <param name="trainer">Trains a bundle.</param>
    /// <param name="store">The candle store the live stream persists to.</param>
    /// <param name="load">Opens a trained bundle as one symbol's predictor (default: <see cref="BundlePredictors"/>).</param>
    /// <param name="registry">Registers each trained bundle with its lineage; null names versions in memory.</param>
    /// <param name="logger">Log of progress and failures.</param>
    /// <param name="meterFactory">Meters; null uses the global ones.</param>
    public ChallengerRetrainService(AdaptiveLearning learning, IChallengerTrainer trainer, ICandleStore store, Func<string, Symbol, Interval, ISymbolPredictor>? load = null, ModelRegistry? registry = null, ILogger<ChallengerRetrainService>? logger = null, IMeterFactory? meterFactory = null)
    {
        _learning = learning ?? throw new ArgumentNullException(nameof(learning));
        _trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _load = load ?? OpenBundle;
        _registry = registry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _meter = meterFactory?.Create(AdaptiveLearning.MeterName) ?? new Meter(AdaptiveLearning.MeterName);
        _finished = _meter.CreateCounter<long>("psdk.adaptive.retrains", description: "Finished retrains, tagged by symbol, trigger and status");
        _seconds = _meter.CreateHistogram<double>("psdk.adaptive.retrain.duration", "s", "Wall time of a retrain");
        _meter.CreateObservableGauge("psdk.adaptive.retrain.progress", () => Volatile.Read(ref _progress), description: "Progress of the running retrain, 0 to 1 (0 when idle)");
    }

    /// <summary>Raised when a retrain ends, whatever its status.</summary>
    public event EventHandler<RetrainResult>? Finished;

    /// <summary>Retrains finished so far, in order.</summary>
    public IReadOnlyList<RetrainResult> Results
    {
        get
        {
            lock (_results)
            {
                return [.. _results];
            }
        }
    }

    private readonly List<RetrainResult> _results = [];

    /// <summary>Serves requests until <paramref name="stoppingToken"/> fires; a retrain running then is cancelled.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var requests = _learning.RetrainRequests;
        try
        {
            while (await requests.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (requests.TryRead(out var request))
                {
                    var result = await RetrainAsync(request, stoppingToken).ConfigureAwait(false);
                    lock (_results)
                    {
                        _results.Add(result);
                    }

                    _learning.RetrainFinished(request.Symbol);
                    Finished?.Invoke(this, result);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _meter.Dispose();
    }

    private async Task<RetrainResult> RetrainAsync(RetrainRequest request, CancellationToken stoppingToken)
    {
        var options = _learning.Options.Retrain;
        var watch = Stopwatch.StartNew();
        int bars = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Timeout);
        Log.Started(_logger, request.Symbol, request.Trigger, request.AsOf, request.Detail);
        try
        {
            var candles = new List<Candle>();
            await foreach (var candle in _store.ReadRangeAsync(request.Symbol, _learning.Interval, request.AsOf - options.TrainingWindow, request.AsOf, timeout.Token).ConfigureAwait(false))
            {
                candles.Add(candle);
            }

            bars = candles.Count;
            if (bars < options.MinBars)
            {
                throw new InvalidOperationException($"The candle store holds {bars} bars of {request.Symbol} in the {options.TrainingWindow} before {request.AsOf:o}; a retrain needs {options.MinBars}.");
            }

            string folder = options.OutputFolder ?? Path.Combine(Path.GetTempPath(), "psdk-challengers");
            Directory.CreateDirectory(folder);
            int n = Interlocked.Increment(ref _sequence);
            string output = Path.Combine(folder, $"{request.Symbol.Value}-{request.AsOf:yyyyMMddHHmm}-{n}.psdk");
            var progress = new Progress<double>(p => Volatile.Write(ref _progress, Math.Clamp(p, 0, 1)));
            var training = new ChallengerTrainingRequest
            {
                Symbol = request.Symbol,
                Interval = _learning.Interval,
                Candles = candles,
                Threads = options.Threads,
                OutputPath = output,
                Request = request,
                ChampionBundle = _registry?.TryGet(request.ChampionId) is not null ? _registry.GetBundlePath(request.ChampionId) : _trained.GetValueOrDefault(request.ChampionId),
            };
            string path = await _trainer.TrainAsync(training, progress, timeout.Token).ConfigureAwait(false);
            string id = Register(path, request, candles) ?? $"{request.Symbol.Value}-retrain-{n}";
            _trained[id] = path;
            _learning.AddChallenger(request.Symbol, id, _load(path, request.Symbol, _learning.Interval));
            return Finish(request, RetrainStatus.Succeeded, id, bars, watch.Elapsed, null);
        }
        catch (OperationCanceledException ex)
        {
            string why = stoppingToken.IsCancellationRequested ? "the host is stopping" : $"it ran past the {options.Timeout} timeout";
            Log.Cancelled(_logger, ex, request.Symbol, why);
            return Finish(request, RetrainStatus.Cancelled, null, bars, watch.Elapsed, why);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, ex, request.Symbol, request.ChampionId);
            return Finish(request, RetrainStatus.Failed, null, bars, watch.Elapsed, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _progress, 0);
        }
    }

    private RetrainResult Finish(RetrainRequest request, RetrainStatus status, string? id, int bars, TimeSpan duration, string? error)
    {
        _finished.Add(1, new("symbol", request.Symbol.Value), new("trigger", request.Trigger.ToString()), new("status", status.ToString()));
        _seconds.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("symbol", request.Symbol.Value));
        if (status == RetrainStatus.Succeeded)
        {
            Log.Succeeded(_logger, request.Symbol, id!, bars, duration);
        }

        return new RetrainResult(request, status, id, bars, duration, error);
    }

    private string? Register(string path, RetrainRequest request, List<Candle> candles)
    {
        if (_registry is null)
        {
            return null;
        }

        var info = _registry.Register(path, new ModelRegistration
        {
            ParentId = _registry.TryGet(request.ChampionId) is null ? null : request.ChampionId,
            Notes = $"retrained on {candles.Count} bars {candles[0].Timestamp:o} – {candles[^1].Timestamp:o} ({request.Trigger}: {request.Detail})",
            TrainingOptions = new() { ["trigger"] = request.Trigger.ToString().ToLowerInvariant() },
        });
        return info.Id;
    }

    private static ISymbolPredictor OpenBundle(string path, Symbol symbol, Interval interval)
    {
        var models = BundlePredictors.Open(path);
        try
        {
            return new OwningPredictor(models.Create(symbol, interval), models);
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6210, Level = LogLevel.Information, Message = "Retraining {Symbol} ({Trigger}) on bars before {AsOf:o}: {Detail}")]
        public static partial void Started(ILogger logger, Symbol symbol, RetrainTrigger trigger, DateTime asOf, string detail);

        [LoggerMessage(EventId = 6211, Level = LogLevel.Information, Message = "Retrained {Symbol}: challenger {Version} from {Bars} bars in {Duration}")]
        public static partial void Succeeded(ILogger logger, Symbol symbol, string version, int bars, TimeSpan duration);

        [LoggerMessage(EventId = 6212, Level = LogLevel.Error, Message = "Retraining {Symbol} failed; {Champion} keeps serving")]
        public static partial void Failed(ILogger logger, Exception exception, Symbol symbol, string champion);

        [LoggerMessage(EventId = 6213, Level = LogLevel.Warning, Message = "Retraining {Symbol} was cancelled: {Why}")]
        public static partial void Cancelled(ILogger logger, Exception exception, Symbol symbol, string why);
    }
}

/// <summary>A predictor that owns the bundle it was made from and releases both together.</summary>
internal sealed class OwningPredictor(ISymbolPredictor inner, IDisposable owned) : ISymbolPredictor
{
    public int RequiredHistory => inner.RequiredHistory;

    public bool IsReady => inner.IsReady;

    public void Observe(in Candle closedBar) => inner.Observe(closedBar);

    public void Predict(ICollection<Prediction> output) => inner.Predict(output);

    public void Preview(in Candle openBar, ICollection<Prediction> output) => inner.Preview(openBar, output);

    public void Dispose()
    {
        inner.Dispose();
        owned.Dispose();
    }
}
