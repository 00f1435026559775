namespace PredictionSdk;

/// <summary>Which way the price is expected to move.</summary>
public enum Direction
{
    /// <summary>Price expected to fall.</summary>
    Down = -1,

    /// <summary>No move expected (the predicted return rounds to zero).</summary>
    Flat = 0,

    /// <summary>Price expected to rise.</summary>
    Up = 1,
}

/// <summary>Indicator values at the time of a prediction, as the REST answer reports them.</summary>
/// <param name="Rsi">RSI(14).</param>
/// <param name="Macd">MACD(12, 26) line.</param>
/// <param name="BollingerUpper">Upper Bollinger band (20, 2).</param>
/// <param name="BollingerLower">Lower Bollinger band (20, 2).</param>
public sealed record TechnicalIndicators(double? Rsi, double? Macd, double? BollingerUpper, double? BollingerLower);

/// <summary>
/// A forecast for one symbol and horizon, made from the bars closed at <see cref="Timestamp"/>.
/// </summary>
public sealed record Prediction
{
    /// <summary>Instrument.</summary>
    public required Symbol Symbol { get; init; }

    /// <summary>Open time (UTC) of the latest bar the prediction used.</summary>
    public required DateTime Timestamp { get; init; }

    /// <summary>Time (UTC) the prediction is for: the close of the bar <see cref="Horizon"/> bars ahead.</summary>
    public required DateTime TargetTime { get; init; }

    /// <summary>Bars ahead, e.g. 1 for the next minute on 1-minute bars.</summary>
    public required int Horizon { get; init; }

    /// <summary>Bar length of the model.</summary>
    public required Interval Interval { get; init; }

    /// <summary>Close of the latest bar.</summary>
    public required double CurrentPrice { get; init; }

    /// <summary>
    /// Median predicted price at <see cref="TargetTime"/>. It never contradicts <see cref="Direction"/>: when the
    /// model's median return lies on the other side of zero, it is reported as no change.
    /// </summary>
    public required double PredictedPrice { get; init; }

    /// <summary>Shortcut for <see cref="PredictedPrice"/>.</summary>
    public double Price => PredictedPrice;

    /// <summary>Expected direction of the move.</summary>
    public required Direction Direction { get; init; }

    /// <summary>Calibrated probability, in [0.5, 1], that <see cref="Direction"/> is right.</summary>
    public required double Confidence { get; init; }

    /// <summary>Predicted change from <see cref="CurrentPrice"/> to <see cref="PredictedPrice"/>, in percent.</summary>
    public double ChangePercent => CurrentPrice == 0 ? 0 : (PredictedPrice / CurrentPrice - 1.0) * 100.0;

    /// <summary>Lower bound of the prediction interval (it always contains <see cref="PredictedPrice"/>).</summary>
    public required double Lower { get; init; }

    /// <summary>Upper bound of the prediction interval.</summary>
    public required double Upper { get; init; }

    /// <summary>Nominal coverage of [<see cref="Lower"/>, <see cref="Upper"/>], e.g. 0.9.</summary>
    public double IntervalCoverage { get; init; } = 0.9;

    /// <summary>Indicator values at <see cref="Timestamp"/>.</summary>
    public TechnicalIndicators? Indicators { get; init; }

    /// <summary>Version string of the model bundle that made the prediction.</summary>
    public string ModelVersion { get; init; } = string.Empty;

    /// <summary>True when made from a still-open bar (as if it closed now); a later prediction for the same bar supersedes it.</summary>
    public bool IsPreview { get; init; }
}
