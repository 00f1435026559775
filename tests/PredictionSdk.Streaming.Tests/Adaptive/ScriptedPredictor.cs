using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>A seeded random walk whose future a scripted model may peek at, so a test decides how good each model is.</summary>
internal sealed class Walk
{
    private readonly double[] _prices;

    public Walk(int minutes, int seed)
    {
        var random = new Random(seed);
        _prices = new double[minutes + 2];
        _prices[0] = 100;
        for (int i = 1; i < _prices.Length; i++)
        {
            _prices[i] = _prices[i - 1] * (random.Next(2) == 0 ? 0.999 : 1.001);
        }
    }

    public double this[int minute] => _prices[minute];

    public bool RisesAfter(int minute) => _prices[minute + 1] > _prices[minute];

    public Candle Bar(int minute) => Bars.At(minute, _prices[minute]);

    public CandleUpdate Final(Symbol symbol, int minute) => new(symbol, Interval.OneMinute, Bar(minute), IsFinal: true, "fake");
}

/// <summary>
/// A one-horizon model whose call on the next bar is right with a scripted probability (seeded): 0.5 is a coin, above
/// it a better model, below it a worse one. <see cref="Accuracy"/> may change while it runs.
/// </summary>
internal sealed class ScriptedPredictor(Symbol symbol, Walk walk, double accuracy, int seed, int requiredHistory = 1) : ISymbolPredictor
{
    private readonly Random _random = new(seed);
    private Candle _last;
    private int _observed;

    public double Accuracy { get; set; } = accuracy;

    public bool Disposed { get; private set; }

    public int RequiredHistory => requiredHistory;

    public bool IsReady => _observed >= requiredHistory;

    public void Observe(in Candle closedBar)
    {
        _observed++;
        _last = closedBar;
    }

    public void Predict(ICollection<Prediction> output)
    {
        int minute = (int)(_last.Timestamp - Bars.Start).TotalMinutes;
        bool rises = walk.RisesAfter(minute);
        bool right = Accuracy == 0.5 ? true : _random.NextDouble() < Accuracy;
        bool up = right ? rises : !rises;
        output.Add(new Prediction
        {
            Symbol = symbol,
            Timestamp = _last.Timestamp,
            TargetTime = _last.Timestamp.AddMinutes(2),
            Horizon = 1,
            Interval = Interval.OneMinute,
            CurrentPrice = _last.Close,
            PredictedPrice = _last.Close * (up ? 1.0005 : 0.9995),
            Direction = up ? Direction.Up : Direction.Down,
            Confidence = Accuracy == 0.5 ? 0.5 : 0.6,
            Lower = _last.Close * 0.995,
            Upper = _last.Close * 1.005,
        });
    }

    public void Preview(in Candle openBar, ICollection<Prediction> output)
    {
    }

    public void Dispose() => Disposed = true;
}
