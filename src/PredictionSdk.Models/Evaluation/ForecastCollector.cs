using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Evaluation;

/// <summary>Accumulates one model's out-of-sample forecasts and outcomes, then turns them into metrics.</summary>
internal sealed class ForecastCollector
{
    private readonly string _name;
    private readonly IReadOnlyList<int> _horizons;
    private readonly List<Record>[] _records;
    private int _fold = -1;

    public ForecastCollector(string name, IReadOnlyList<int> horizons)
    {
        _name = name;
        _horizons = horizons;
        _records = horizons.Select(_ => new List<Record>()).ToArray();
    }

    public double TrainSeconds { get; set; }

    public double PredictSeconds { get; set; }

    public long Predictions { get; set; }

    public void BeginFold() => _fold++;

    // spread: the bar's estimated effective spread (fraction of price), NaN when unknown.
    public void Add(SupervisedDataset test, int sample, ReadOnlySpan<HorizonForecast> forecasts, double spread)
    {
        long ticks = test.Timestamp(sample).Ticks;
        for (int k = 0; k < _horizons.Count; k++)
        {
            var f = forecasts[k];
            _records[k].Add(new Record(_fold, ticks, test.Target(sample, k), f.Q05, f.Q50, f.Q95, f.UpProbability, spread));
        }
    }

    public ModelEvaluation Summarise(WalkForwardOptions options, double barsPerYear, TimeSpan interval) => new()
    {
        Name = _name,
        TrainSeconds = TrainSeconds,
        MicrosecondsPerForecast = Predictions == 0 ? 0 : PredictSeconds * 1e6 / Predictions,
        Horizons = _horizons.Select((h, k) => Summarise(h, _records[k], options, barsPerYear, interval)).ToArray(),
    };

    private static HorizonMetrics Summarise(int horizon, List<Record> records, WalkForwardOptions options, double barsPerYear, TimeSpan interval)
    {
        int n = records.Count;
        var actual = new double[n];
        var median = new double[n];
        int hits = 0, calls = 0, covered = 0, beyondHits = 0, beyondCalls = 0, spreads = 0;
        double spreadSum = 0;
        double absError = 0, squaredError = 0, width = 0;
        var probabilities = new List<double>();
        var outcomes = new List<bool>();
        for (int i = 0; i < n; i++)
        {
            var r = records[i];
            actual[i] = r.Actual;
            median[i] = r.Q50;
            double error = r.Actual - r.Q50;
            absError += Math.Abs(error);
            squaredError += error * error;
            width += r.Q95 - r.Q05;
            covered += r.Actual >= r.Q05 && r.Actual <= r.Q95 ? 1 : 0;
            if (double.IsFinite(r.Spread))
            {
                spreadSum += r.Spread;
                spreads++;

                // A move no larger than the spread may be the close bouncing between bid and ask: not counted here.
                int beyond = Math.Abs(r.Actual) > r.Spread ? Call(r) : 0;
                if (beyond != 0)
                {
                    beyondCalls++;
                    beyondHits += beyond == Math.Sign(r.Actual) ? 1 : 0;
                }
            }

            if (Math.Abs(r.Actual) > options.FlatThreshold)
            {
                probabilities.Add(r.UpProbability);
                outcomes.Add(r.Actual > 0);
                int call = Call(r);
                if (call != 0)
                {
                    calls++;
                    hits += call == Math.Sign(r.Actual) ? 1 : 0;
                }
            }
        }

        var (low, high) = ForecastMetrics.WilsonInterval(hits, calls);
        var (beyondLow, beyondHigh) = ForecastMetrics.WilsonInterval(beyondHits, beyondCalls);
        var strategy = SignStrategy(horizon, records, options.FeeBps / 1e4, interval);
        double periodsPerYear = barsPerYear / horizon;
        return new HorizonMetrics
        {
            Horizon = horizon,
            Samples = n,
            DirectionalSamples = calls,
            Hits = hits,
            DirectionalAccuracy = calls == 0 ? double.NaN : (double)hits / calls,
            AccuracyLow95 = low,
            AccuracyHigh95 = high,
            PValue = ForecastMetrics.BinomialTwoSidedPValue(hits, calls),
            Mae = n == 0 ? double.NaN : absError / n,
            Rmse = n == 0 ? double.NaN : Math.Sqrt(squaredError / n),
            RSquared = ForecastMetrics.RSquared(median, actual),
            Brier = ForecastMetrics.Brier(probabilities.ToArray(), outcomes.ToArray()),
            LogLoss = ForecastMetrics.LogLoss(probabilities.ToArray(), outcomes.ToArray()),
            Coverage90 = n == 0 ? double.NaN : (double)covered / n,
            MeanWidth90 = n == 0 ? double.NaN : width / n,
            StrategyPeriods = strategy.Gross.Length,
            SharpeGross = ForecastMetrics.Sharpe(strategy.Gross, periodsPerYear),
            SharpeNet = ForecastMetrics.Sharpe(strategy.Net, periodsPerYear),
            MaxDrawdownNet = ForecastMetrics.MaxDrawdown(strategy.Net),
            Turnover = strategy.Turnover,
            TotalLogReturnNet = strategy.Net.Sum(),
            EffectiveSpread = spreads == 0 ? double.NaN : spreadSum / spreads,
            BeyondSpreadSamples = beyondCalls,
            AccuracyBeyondSpread = beyondCalls == 0 ? double.NaN : (double)beyondHits / beyondCalls,
            AccuracyBeyondSpreadLow95 = beyondLow,
            AccuracyBeyondSpreadHigh95 = beyondHigh,
            TotalLogReturnNetOfSpread = spreads == 0 ? double.NaN : strategy.NetOfSpread.Sum(),
        };
    }

    // Direction call: the side the probability favours; a coin-flip probability defers to the median's sign.
    private static int Call(in Record r) => r.UpProbability > 0.5 ? 1 : r.UpProbability < 0.5 ? -1 : Math.Sign(r.Q50);

    /// <summary>
    /// Holds sign(call) for h bars on non-overlapping samples (one every h bars of clock time), paying the fee
    /// on every change of position; each fold starts flat.
    /// </summary>
    /// <remarks>Net of spread: each unit of position change also pays half the bar's estimated spread (a round trip pays one spread).</remarks>
    private static (double[] Gross, double[] Net, double[] NetOfSpread, double Turnover) SignStrategy(int horizon, List<Record> records, double fee, TimeSpan interval)
    {
        var gross = new List<double>();
        var net = new List<double>();
        var netOfSpread = new List<double>();
        double turnover = 0;
        int fold = -1, position = 0;
        long nextTicks = long.MinValue, step = horizon * interval.Ticks;
        foreach (var r in records)
        {
            if (r.Fold != fold)
            {
                fold = r.Fold;
                position = 0;
                nextTicks = long.MinValue;
            }

            if (r.Ticks < nextTicks)
            {
                continue;
            }

            int call = Call(r);
            double change = Math.Abs(call - position);
            gross.Add(call * r.Actual);
            net.Add((call * r.Actual) - (fee * change));
            netOfSpread.Add((call * r.Actual) - ((fee + (0.5 * (double.IsFinite(r.Spread) ? r.Spread : 0))) * change));
            turnover += change;
            position = call;
            nextTicks = r.Ticks + step;
        }

        return (gross.ToArray(), net.ToArray(), netOfSpread.ToArray(), gross.Count == 0 ? 0 : turnover / gross.Count);
    }

    private readonly record struct Record(int Fold, long Ticks, double Actual, double Q05, double Q50, double Q95, double UpProbability, double Spread);
}
