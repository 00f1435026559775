namespace PredictionSdk;

/// <summary>
/// A candle as a live source reports it: the still-open bar is reported again and again
/// (<see cref="IsFinal"/> false) until its close (<see cref="IsFinal"/> true).
/// </summary>
/// <param name="Symbol">Instrument, canonical.</param>
/// <param name="Interval">Bar length.</param>
/// <param name="Candle">The bar as known now.</param>
/// <param name="IsFinal">True once the bar has closed and will not change.</param>
/// <param name="Source">Name of the feed that produced it (e.g. <c>binance</c>, <c>replay</c>).</param>
public readonly record struct CandleUpdate(Symbol Symbol, Interval Interval, Candle Candle, bool IsFinal, string Source);
