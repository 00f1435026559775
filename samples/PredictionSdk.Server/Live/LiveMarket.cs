using System.Collections.Concurrent;

namespace PredictionSdk.Server.Live;

/// <summary>
/// What the server knows right now: the latest prediction per symbol and horizon, and the latest
/// indicator values per symbol. Filled from the stream, read by the REST endpoints.
/// </summary>
public sealed class LiveMarket
{
    private readonly ConcurrentDictionary<(Symbol Symbol, int Horizon), Prediction> _predictions = new();
    private readonly ConcurrentDictionary<Symbol, Candle> _lastClosed = new();
    private readonly ConcurrentDictionary<Symbol, DateTime> _storedThrough = new();
    private long _candles;
    private long _predictionCount;

    /// <summary>Closed candles received since start.</summary>
    public long CandleCount => Interlocked.Read(ref _candles);

    /// <summary>Predictions received since start.</summary>
    public long PredictionCount => Interlocked.Read(ref _predictionCount);

    /// <summary>Records a closed candle.</summary>
    public void OnClosedCandle(Symbol symbol, Candle candle)
    {
        _lastClosed[symbol] = candle;
        Interlocked.Increment(ref _candles);
    }

    /// <summary>Records that the candle store already holds <paramref name="symbol"/>'s closed bars up to <paramref name="lastOpen"/>.</summary>
    public void MarkStored(Symbol symbol, DateTime lastOpen) => _storedThrough[symbol] = lastOpen;

    /// <summary>True for a bar the store held before the stream started (warm-up history, not news).</summary>
    public bool IsStored(Symbol symbol, DateTime open) => _storedThrough.TryGetValue(symbol, out var last) && open <= last;

    /// <summary>Records a prediction.</summary>
    public void OnPrediction(Prediction prediction)
    {
        _predictions[(prediction.Symbol, prediction.Horizon)] = prediction;
        Interlocked.Increment(ref _predictionCount);
    }

    /// <summary>The latest prediction for <paramref name="symbol"/> at <paramref name="horizon"/>, if any.</summary>
    public Prediction? LatestPrediction(Symbol symbol, int horizon) => _predictions.GetValueOrDefault((symbol, horizon));

    /// <summary>Horizons predicted so far for <paramref name="symbol"/>.</summary>
    public IReadOnlyList<int> Horizons(Symbol symbol) => _predictions.Keys.Where(k => k.Symbol == symbol).Select(k => k.Horizon).Order().ToArray();

    /// <summary>The latest closed candle of <paramref name="symbol"/>, if any.</summary>
    public Candle? LastClosed(Symbol symbol) => _lastClosed.TryGetValue(symbol, out var candle) ? candle : null;
}
