using System.Runtime.CompilerServices;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

internal static class Bars
{
    public static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static Candle At(int minute, double close = 100, double volume = 1) =>
        new(Start.AddMinutes(minute), close, close + 0.5, close - 0.5, close, volume);

    public static CandleUpdate Final(Symbol symbol, int minute, double close = 100, double volume = 1, string source = "fake") =>
        new(symbol, Interval.OneMinute, At(minute, close, volume), IsFinal: true, source);

    public static CandleUpdate Open(Symbol symbol, int minute, double close = 100, string source = "fake") =>
        new(symbol, Interval.OneMinute, At(minute, close), IsFinal: false, source);

    public static double PriceOf(int minute) => 100 + Math.Sin(minute / 10.0);
}

/// <summary>Plays a script of updates, possibly failing once in the middle; history comes from a dictionary.</summary>
internal sealed class ScriptedSource(string name, IReadOnlyList<CandleUpdate> script) : ICandleSource
{
    private int _connections;
    private int _yielded;

    public string Name { get; } = name;

    /// <summary>Throws after this many updates of the first connection; later connections resume with <see cref="AfterReconnect"/>.</summary>
    public int FailAfter { get; init; } = -1;

    public IReadOnlyList<CandleUpdate> AfterReconnect { get; init; } = [];

    public Dictionary<Symbol, List<Candle>> History { get; } = [];

    public int HistoryCalls;

    public int Yielded => Volatile.Read(ref _yielded);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Delay between updates; zero plays as fast as the pipeline takes them.</summary>
    public TimeSpan Pace { get; init; }

    /// <summary>Keep the stream open after the script instead of ending it.</summary>
    public bool StayOpen { get; init; }

    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int connection = Interlocked.Increment(ref _connections);
        var items = connection == 1 ? script : AfterReconnect;
        for (int i = 0; i < items.Count; i++)
        {
            if (connection == 1 && i == FailAfter)
            {
                throw new IOException("connection reset by peer");
            }

            if (Pace > TimeSpan.Zero)
            {
                await Task.Delay(Pace, cancellationToken);
            }

            Interlocked.Increment(ref _yielded);
            yield return items[i];
        }

        if (StayOpen)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref HistoryCalls);
        IReadOnlyList<Candle> bars = History.TryGetValue(symbol, out var list) ? list.Where(c => c.Timestamp >= from && c.Timestamp < to).ToArray() : [];
        return Task.FromResult(bars);
    }
}

/// <summary>Generates closed bars for many symbols, minute by minute, without keeping them.</summary>
internal sealed class GeneratedSource(int minutes, Action<int>? onMinute = null) : ICandleSource
{
    public string Name => "generated";

    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int m = 0; m < minutes; m++)
        {
            onMinute?.Invoke(m);
            for (int s = 0; s < symbols.Count; s++)
            {
                double price = Bars.PriceOf(m + s);
                yield return new CandleUpdate(symbols[s], interval, Bars.At(m, price), IsFinal: true, Name);
            }

            if (m % 64 == 0)
            {
                await Task.Yield();
            }
        }
    }

    public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Candle>>([]);
}

/// <summary>Predicts the last close at each horizon; records what it observed so tests can check order and thread confinement.</summary>
internal sealed class FakePredictor(Symbol symbol, int requiredHistory = 1, TimeSpan work = default, bool record = true, int[]? horizons = null, string version = "") : ISymbolPredictor
{
    private readonly int[] _horizons = horizons ?? [1];
    private Candle _last;
    private int _inside;

    public List<DateTime> Observed { get; } = [];

    public int Count { get; private set; }

    public int RequiredHistory => requiredHistory;

    public bool IsReady => Count >= requiredHistory;

    public bool Disposed { get; private set; }

    public void Observe(in Candle closedBar)
    {
        if (Interlocked.Exchange(ref _inside, 1) != 0)
        {
            throw new InvalidOperationException("Concurrent use of a per-symbol predictor.");
        }

        if (work > TimeSpan.Zero)
        {
            Thread.Sleep(work);
        }

        if (record)
        {
            Observed.Add(closedBar.Timestamp);
        }

        Count++;
        _last = closedBar;
        Volatile.Write(ref _inside, 0);
    }

    public void Predict(ICollection<Prediction> output)
    {
        foreach (int h in _horizons)
        {
            output.Add(Make(_last, h));
        }
    }

    public void Preview(in Candle openBar, ICollection<Prediction> output)
    {
        foreach (int h in _horizons)
        {
            output.Add(Make(openBar, h));
        }
    }

    public void Dispose() => Disposed = true;

    private Prediction Make(in Candle bar, int horizon) => new()
    {
        Symbol = symbol,
        Timestamp = bar.Timestamp,
        TargetTime = bar.Timestamp.AddMinutes(horizon + 1),
        Horizon = horizon,
        ModelVersion = version,
        Interval = Interval.OneMinute,
        CurrentPrice = bar.Close,
        PredictedPrice = bar.Close * 1.001,
        Direction = Direction.Up,
        Confidence = 0.6,
        Lower = bar.Close * 0.99,
        Upper = bar.Close * 1.01,
    };
}

internal static class StreamFactory
{
    public static RealTimeStream Create(IEnumerable<ICandleSource> sources, RealTimeStreamOptions options, Func<Symbol, FakePredictor>? predictors = null) =>
        new(sources, options, null, predictors is null ? null : (symbol, _) => predictors(symbol));

    public static RealTimeStreamOptions Options(params string[] symbols)
    {
        var options = new RealTimeStreamOptions { WorkerCount = 2, ReconnectDelay = TimeSpan.FromMilliseconds(10), MaxReconnectDelay = TimeSpan.FromMilliseconds(20) };
        foreach (string s in symbols)
        {
            options.Symbols.Add(s);
        }

        return options;
    }

    public static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
