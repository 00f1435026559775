using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PredictionSdk.Models.Features;
using PredictionSdk.Streaming;

namespace PredictionSdk.Benchmarks.Streaming;

/// <summary>Plays pre-built updates as fast as the pipeline takes them.</summary>
internal sealed class ArraySource(CandleUpdate[] updates) : ICandleSource
{
    public string Name => "memory";

    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            if ((i & 4095) == 0)
            {
                await Task.Yield();
            }

            yield return updates[i];
        }
    }

    public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Candle>>([]);
}

/// <summary>A live-like source: what is written to <see cref="Writer"/> is streamed.</summary>
internal sealed class ChannelSource : ICandleSource
{
    private readonly Channel<CandleUpdate> _channel = Channel.CreateUnbounded<CandleUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public string Name => "live";

    public ChannelWriter<CandleUpdate> Writer => _channel.Writer;

    public IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, CancellationToken cancellationToken = default) =>
        _channel.Reader.ReadAllAsync(cancellationToken);

    public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Candle>>([]);
}

/// <summary>The model stage without inference: the bundle's feature pipeline runs per bar, the prediction restates the last close.</summary>
internal sealed class FeatureOnlyPredictor(Symbol symbol) : ISymbolPredictor
{
    private readonly FeaturePipeline _features = new(FeatureSpec.Default());
    private Candle _last;
    private float _checksum;

    // Predict from the first bar: the benchmark measures the work per bar, not the model's warm-up.
    public int RequiredHistory => 0;

    public bool IsReady => true;

    public void Observe(in Candle closedBar)
    {
        var row = _features.Update(closedBar);
        _checksum += row.Length > 0 ? row[0] : 0;
        _last = closedBar;
    }

    public void Predict(ICollection<Prediction> output) => output.Add(Make(_last));

    public void Preview(in Candle openBar, ICollection<Prediction> output)
    {
        _ = _features.Preview(openBar);
        output.Add(Make(openBar));
    }

    public void Dispose()
    {
    }

    private Prediction Make(in Candle bar) => new()
    {
        Symbol = symbol,
        Timestamp = bar.Timestamp,
        TargetTime = bar.Timestamp.AddMinutes(2),
        Horizon = 1,
        Interval = Interval.OneMinute,
        CurrentPrice = bar.Close,
        PredictedPrice = bar.Close,
        Direction = Direction.Flat,
        Confidence = 0.5 + (_checksum * 0),
        Lower = bar.Close,
        Upper = bar.Close,
    };
}

internal static class StreamingData
{
    public static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The bundled demo model (tiny Hybrid, 60 features × 8 bars, ONNX graph and calibration).</summary>
    public static string BundlePath => Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    public static Symbol[] Symbols(int count) => Enumerable.Range(0, count).Select(i => Symbol.Crypto($"S{i:D4}", "USD")).ToArray();

    /// <summary>A random walk per symbol, minute by minute, symbols interleaved as a feed delivers them.</summary>
    public static CandleUpdate[] Generate(Symbol[] symbols, int minutes, int seed = 7)
    {
        var random = new Random(seed);
        var prices = symbols.Select(_ => 100.0).ToArray();
        var updates = new CandleUpdate[symbols.Length * minutes];
        int k = 0;
        for (int m = 0; m < minutes; m++)
        {
            for (int s = 0; s < symbols.Length; s++)
            {
                updates[k++] = new CandleUpdate(symbols[s], Interval.OneMinute, Bar(ref prices[s], Start.AddMinutes(m), random), IsFinal: true, "memory");
            }
        }

        return updates;
    }

    public static Candle Bar(ref double price, DateTime time, Random random)
    {
        double open = price;
        double close = open * Math.Exp((random.NextDouble() - 0.5) * 0.002);
        price = close;
        return new Candle(time, open, Math.Max(open, close) * 1.0005, Math.Min(open, close) * 0.9995, close, 1 + random.NextDouble());
    }

    public static RealTimeStreamOptions Options(Symbol[] symbols, int workers)
    {
        var options = new RealTimeStreamOptions { WorkerCount = workers };
        foreach (var symbol in symbols)
        {
            options.Symbols.Add(symbol.Value);
        }

        return options;
    }
}
