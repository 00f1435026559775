namespace PredictionSdk.Models.Promotion;

/// <summary>
/// Pairs the losses of a champion and a challenger on the same live minutes: an outcome of each for the same symbol,
/// horizon and target time makes one pair, kept in a bounded window per symbol and horizon, oldest first. These are the
/// series the <see cref="ChampionChallenger"/> rules take. Thread-safe.
/// </summary>
/// <remarks>
/// The loss defaults to the direction log loss; a flat minute has none and is paired as NaN, which the rules skip.
/// An outcome whose partner has not arrived waits; the oldest waiting ones are dropped beyond <c>capacity</c>.
/// </remarks>
public sealed class PairedLosses
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly Func<PredictionOutcome, double> _loss;
    private readonly Dictionary<(Symbol, int, DateTime), (bool IsChampion, double Loss)> _waiting = [];
    private readonly Queue<(Symbol, int, DateTime)> _arrival = new();
    private readonly Dictionary<(Symbol, int), Queue<(double Champion, double Challenger)>> _pairs = [];

    /// <summary>Creates the pairing.</summary>
    /// <param name="capacity">Pairs kept per symbol and horizon, and outcomes kept waiting for a partner (default 10,080: a week of minutes).</param>
    /// <param name="loss">The loss of an outcome; default the direction log loss (NaN for a flat minute).</param>
    public PairedLosses(int capacity = 10_080, Func<PredictionOutcome, double>? loss = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _loss = loss ?? (o => o.DirectionLogLoss ?? double.NaN);
    }

    /// <summary>Adds an outcome of the champion's prediction.</summary>
    public void AddChampion(in PredictionOutcome outcome) => Add(outcome, champion: true);

    /// <summary>Adds an outcome of the challenger's prediction.</summary>
    public void AddChallenger(in PredictionOutcome outcome) => Add(outcome, champion: false);

    /// <summary>Pairs held for <paramref name="symbol"/> at <paramref name="horizon"/>.</summary>
    public int Count(Symbol symbol, int horizon)
    {
        lock (_gate)
        {
            return _pairs.TryGetValue((symbol, horizon), out var q) ? q.Count : 0;
        }
    }

    /// <summary>The paired losses, oldest first.</summary>
    public (double[] Champion, double[] Challenger) Get(Symbol symbol, int horizon)
    {
        lock (_gate)
        {
            if (!_pairs.TryGetValue((symbol, horizon), out var q))
            {
                return ([], []);
            }

            return ([.. q.Select(p => p.Champion)], [.. q.Select(p => p.Challenger)]);
        }
    }

    /// <summary>Forgets every pair and waiting outcome (e.g. after a promotion, when the pair of versions changes).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _waiting.Clear();
            _arrival.Clear();
            _pairs.Clear();
        }
    }

    private void Add(in PredictionOutcome outcome, bool champion)
    {
        double loss = _loss(outcome);
        var key = (outcome.Symbol, outcome.Horizon, outcome.TargetTime);
        lock (_gate)
        {
            if (_waiting.TryGetValue(key, out var partner) && partner.IsChampion != champion)
            {
                _waiting.Remove(key);
                if (!_pairs.TryGetValue((outcome.Symbol, outcome.Horizon), out var q))
                {
                    q = new Queue<(double, double)>();
                    _pairs.Add((outcome.Symbol, outcome.Horizon), q);
                }

                q.Enqueue(champion ? (loss, partner.Loss) : (partner.Loss, loss));
                if (q.Count > _capacity)
                {
                    q.Dequeue();
                }

                return;
            }

            if (_waiting.ContainsKey(key))
            {
                // The same side twice for one minute (a duplicate): the latest value waits.
                _waiting[key] = (champion, loss);
                return;
            }

            _waiting[key] = (champion, loss);
            _arrival.Enqueue(key);
            while (_arrival.Count > _capacity)
            {
                _waiting.Remove(_arrival.Dequeue());
            }
        }
    }
}
