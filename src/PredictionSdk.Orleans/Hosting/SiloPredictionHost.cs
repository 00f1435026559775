using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans;

/// <summary>
/// What the symbol grains of one silo share: the candle source, the optional candle store, the warm-up loader and the
/// model (loaded once per silo, shared by every symbol's predictor).
/// </summary>
internal sealed class SiloPredictionHost : IDisposable
{
    private readonly Lazy<BundlePredictors?> _models;
    private readonly ILoggerFactory _loggers;

    public SiloPredictionHost(IOptions<PredictionClusterOptions> options, ICandleSource source, ILoggerFactory loggers, IEnumerable<ICandleStore> stores)
    {
        Options = options.Value;
        Source = source;
        _loggers = loggers;
        Store = stores.FirstOrDefault();
        Loader = new WarmUpLoader(Options.MaxConcurrentWarmUps, Store);
        _models = new Lazy<BundlePredictors?>(() => Options.ModelPath is null ? null : BundlePredictors.Open(Options.ModelPath));
        Batcher = Options.Batching.Enabled ? new PredictionBatcher(Options.Batching) : null;
    }

    /// <summary>The silo's batcher of closed-bar predictions, or null when batching is off.</summary>
    public PredictionBatcher? Batcher { get; }

    public PredictionClusterOptions Options { get; }

    /// <summary>The feed (live exchange or replay) the silo subscribes to and asks for history.</summary>
    public ICandleSource Source { get; }

    /// <summary>A store read before the source for warm-up, when one is registered.</summary>
    public ICandleStore? Store { get; }

    public WarmUpLoader Loader { get; }

    /// <summary>A new pipeline for <paramref name="symbol"/>, with its own predictor from the shared model.</summary>
    public SymbolPipeline CreatePipeline(Symbol symbol) => new(
        symbol,
        Options.Interval,
        Options.Pipeline,
        _models.Value?.Create(symbol, Options.Interval),
        _loggers.CreateLogger<SymbolPipeline>())
    {
        // Closed bars leave the grain with their indicators (the indicator events); the candle events would repeat them.
        EmitCandles = false,
        EmitIndicators = true,
    };

    public void Dispose()
    {
        Loader.Dispose();
        if (_models.IsValueCreated)
        {
            _models.Value?.Dispose();
        }
    }
}
