namespace PredictionSdk.Server.Api;

/// <summary>The prediction as the REST API and the WebSocket carry it.</summary>
public sealed record PredictionResponse(
    string Symbol, DateTime Timestamp, DateTime TargetTime, double CurrentPrice, double PredictedPrice, double Confidence,
    Direction Direction, double ChangePercent, IndicatorValues TechnicalIndicators, double Lower, double Upper, double IntervalCoverage,
    int Horizon, string Interval, string ModelVersion)
{
    /// <summary>Maps an SDK prediction.</summary>
    public static PredictionResponse From(Prediction p) => new(
        p.Symbol.Value, p.Timestamp, p.TargetTime, p.CurrentPrice, p.PredictedPrice, p.Confidence, p.Direction, p.ChangePercent,
        new IndicatorValues(p.Indicators?.Rsi, p.Indicators?.Macd, p.Indicators?.BollingerUpper, p.Indicators?.BollingerLower),
        p.Lower, p.Upper, p.IntervalCoverage, p.Horizon, p.Interval.Name, p.ModelVersion);
}

/// <summary>Indicator values at the prediction's bar.</summary>
public sealed record IndicatorValues(double? Rsi, double? Macd, double? BollingerUpper, double? BollingerLower);
