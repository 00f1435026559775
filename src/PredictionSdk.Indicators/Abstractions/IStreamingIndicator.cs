namespace PredictionSdk.Indicators;

/// <summary>
/// An indicator updated one bar at a time. <see cref="Add"/> commits a closed bar;
/// <see cref="Preview"/> answers "what if the still-open bar closed now" and leaves the state as it was.
/// </summary>
/// <typeparam name="TResult">The indicator's result for one bar.</typeparam>
public interface IStreamingIndicator<TResult>
{
    /// <summary>Number of bars committed so far.</summary>
    int Count { get; }

    /// <summary>True once the indicator produces values (its warm-up is over).</summary>
    bool IsReady { get; }

    /// <summary>Commits a closed bar and returns the indicator's value for it.</summary>
    TResult Add(in Candle candle);

    /// <summary>Returns the value as if <paramref name="candle"/> closed now, without changing state.</summary>
    TResult Preview(in Candle candle);

    /// <summary>Forgets every bar, as if newly created.</summary>
    void Reset();
}
