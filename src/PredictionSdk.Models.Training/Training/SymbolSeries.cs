namespace PredictionSdk.Models.Training;

/// <summary>One symbol's candles for pooled training (<see cref="ModelTrainer.PreparePool"/>).</summary>
/// <param name="Symbol">The symbol, e.g. <c>NEARUSDT</c>.</param>
/// <param name="Candles">Its candles, oldest first, at the trainer's interval.</param>
/// <param name="Source">Name of the data's source (a file) in validation reports and errors; null for the symbol.</param>
public sealed record SymbolSeries(Symbol Symbol, IReadOnlyList<Candle> Candles, string? Source = null);
