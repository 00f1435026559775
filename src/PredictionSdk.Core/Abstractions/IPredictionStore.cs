namespace PredictionSdk;

/// <summary>
/// Durable prediction history: every prediction made, and its realised outcome once the target bar
/// has closed, so that accuracy can be audited after the fact.
/// </summary>
public interface IPredictionStore
{
    /// <summary>
    /// Stores a prediction. Saving the same (symbol, timestamp, horizon, model version) twice keeps one row. A preview
    /// (<see cref="Prediction.IsPreview"/>) is not stored: the final prediction of its bar supersedes it.
    /// </summary>
    Task SaveAsync(Prediction prediction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the realised close for every stored prediction of <paramref name="symbol"/> whose target time is
    /// <paramref name="targetTime"/>; returns how many predictions were settled.
    /// </summary>
    Task<int> SettleAsync(Symbol symbol, DateTime targetTime, double actualPrice, CancellationToken cancellationToken = default);

    /// <summary>
    /// Predictions of <paramref name="symbol"/> made in [<paramref name="from"/>, <paramref name="to"/>) (either bound optional),
    /// newest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<PredictionRecord>> GetHistoryAsync(Symbol symbol, DateTime? from, DateTime? to, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A stored prediction and, once known, what happened.</summary>
/// <param name="Prediction">The prediction as it was made.</param>
/// <param name="ActualPrice">Close of the target bar; null until it has closed.</param>
public sealed record PredictionRecord(Prediction Prediction, double? ActualPrice)
{
    /// <summary>True when the realised move went the predicted way; null while unsettled or when either move is flat.</summary>
    public bool? DirectionHit => ActualPrice is not { } actual || Prediction.Direction == Direction.Flat || actual == Prediction.CurrentPrice
        ? null
        : (actual > Prediction.CurrentPrice) == (Prediction.Direction == Direction.Up);

    /// <summary>True when the realised close fell inside [Lower, Upper]; null while unsettled.</summary>
    public bool? WithinInterval => ActualPrice is { } actual ? actual >= Prediction.Lower && actual <= Prediction.Upper : null;
}
