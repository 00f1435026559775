namespace PredictionSdk.Server.Live;

/// <summary>
/// History files <see cref="HistoryLoader"/> refused because they cannot serve the model (bars of another interval).
/// <see cref="ReadinessCheck"/> reports them, so <c>/ready</c> says which symbol and file, instead of waiting forever.
/// </summary>
internal sealed class HistoryProblems
{
    private readonly List<(Symbol Symbol, MarketDataException Error)> _problems = [];

    /// <summary>Every refusal so far.</summary>
    public IReadOnlyList<(Symbol Symbol, MarketDataException Error)> All
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Records that <paramref name="symbol"/>'s history was refused.</summary>
    public void Add(Symbol symbol, MarketDataException error)
    {
        lock (_problems)
        {
            _problems.Add((symbol, error));
        }
    }
}
