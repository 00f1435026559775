namespace PredictionSdk.Indicators;

/// <summary>Average Directional Index of one bar.</summary>
/// <param name="Timestamp">Bar open time (UTC).</param>
/// <param name="Pdi">+DI: smoothed upward movement as a percentage of the smoothed true range; null for the first <c>period</c> bars.</param>
/// <param name="Mdi">−DI: smoothed downward movement as a percentage of the smoothed true range; null for the first <c>period</c> bars.</param>
/// <param name="Adx">ADX: Wilder-smoothed DX = 100·|+DI − −DI| / (+DI + −DI); null for the first <c>2·period − 1</c> bars.</param>
/// <param name="Adxr">ADXR: mean of this ADX and the ADX <c>period − 1</c> bars earlier; null until both exist.</param>
public readonly record struct AdxResult(DateTime Timestamp, double? Pdi, double? Mdi, double? Adx, double? Adxr);
