namespace PredictionSdk.Models.Registry;

/// <summary>
/// Accumulates scored predictions of one model version into <see cref="LiveMetrics"/> per symbol and horizon, for
/// <see cref="ModelRegistry.AppendLiveMetrics"/> or a dashboard. Thread-safe; adding allocates only for a new
/// (symbol, horizon).
/// </summary>
/// <param name="role"><c>live</c> for the serving version, <c>shadow</c> for a challenger that only scores.</param>
public sealed class LiveScoreboard(string role = "live")
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(Symbol Symbol, int Horizon), Totals> _totals = [];

    /// <summary>The role written into the metrics.</summary>
    public string Role { get; } = string.IsNullOrWhiteSpace(role) ? throw new ArgumentException("A role is required, e.g. live or shadow.", nameof(role)) : role;

    /// <summary>Counts one outcome.</summary>
    public void Add(in PredictionOutcome outcome)
    {
        var key = (outcome.Symbol, outcome.Horizon);
        lock (_gate)
        {
            ref var totals = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_totals, key, out bool existed);
            if (!existed)
            {
                totals.From = outcome.TargetTime;
            }

            totals.Add(outcome);
        }
    }

    /// <summary>Metrics per symbol and horizon since creation or <see cref="Reset"/>, ordered by symbol and horizon.</summary>
    public IReadOnlyList<LiveMetrics> Snapshot()
    {
        lock (_gate)
        {
            return [.. _totals.OrderBy(p => p.Key.Symbol.Value, StringComparer.Ordinal).ThenBy(p => p.Key.Horizon).Select(p => p.Value.ToMetrics(p.Key.Symbol.Value, p.Key.Horizon, Role))];
        }
    }

    /// <summary>Metrics per horizon, every symbol pooled (<see cref="LiveMetrics.Symbol"/> null).</summary>
    public IReadOnlyList<LiveMetrics> Pooled()
    {
        lock (_gate)
        {
            return [.. _totals.GroupBy(p => p.Key.Horizon).OrderBy(g => g.Key).Select(g =>
            {
                var pooled = default(Totals);
                pooled.From = DateTime.MaxValue;
                foreach (var (_, t) in g)
                {
                    pooled.Merge(t);
                }

                return pooled.ToMetrics(null, g.Key, Role);
            })];
        }
    }

    /// <summary>Forgets everything (e.g. after the metrics were appended to the registry).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _totals.Clear();
        }
    }

    private struct Totals
    {
        public DateTime From;
        public DateTime To;
        public long Samples;
        public long Directional;
        public long Hits;
        public long Covered;
        public double LogLoss;
        public double Pinball;
        public double Width;
        public double Nominal;

        public void Add(in PredictionOutcome o)
        {
            From = o.TargetTime < From ? o.TargetTime : From;
            To = o.TargetTime > To ? o.TargetTime : To;
            Samples++;
            Covered += o.IntervalMiss ? 0 : 1;
            Pinball += o.PinballLoss;
            Width += o.IntervalWidth;
            Nominal += o.Prediction.IntervalCoverage;
            if (o.DirectionLogLoss is { } loss)
            {
                Directional++;
                LogLoss += loss;
                Hits += o.DirectionHit == true ? 1 : 0;
            }
        }

        public void Merge(Totals other)
        {
            From = other.From < From ? other.From : From;
            To = other.To > To ? other.To : To;
            Samples += other.Samples;
            Directional += other.Directional;
            Hits += other.Hits;
            Covered += other.Covered;
            LogLoss += other.LogLoss;
            Pinball += other.Pinball;
            Width += other.Width;
            Nominal += other.Nominal;
        }

        public readonly LiveMetrics ToMetrics(string? symbol, int horizon, string role) => new()
        {
            FromUtc = From,
            ToUtc = To,
            Symbol = symbol,
            Horizon = horizon,
            Role = role,
            Samples = Samples,
            DirectionalSamples = Directional,
            DirectionAccuracy = Directional > 0 ? (double)Hits / Directional : null,
            LogLoss = Directional > 0 ? LogLoss / Directional : null,
            PinballLoss = Samples > 0 ? Pinball / Samples : null,
            Coverage = Samples > 0 ? (double)Covered / Samples : null,
            NominalCoverage = Samples > 0 ? Nominal / Samples : null,
            MeanIntervalWidth = Samples > 0 ? Width / Samples : null,
        };
    }
}
