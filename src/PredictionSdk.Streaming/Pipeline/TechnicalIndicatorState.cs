namespace PredictionSdk.Streaming;

/// <summary>
/// Streaming RSI(14, Wilder), MACD(12, 26) and Bollinger(20, 2) on closes, the values a <see cref="Prediction"/> reports.
/// <see cref="Add"/> commits a closed bar; <see cref="Preview"/> computes as if the open bar closed, without changing state.
/// </summary>
internal sealed class TechnicalIndicatorState
{
    private const int RsiPeriod = 14, FastPeriod = 12, SlowPeriod = 26, BandPeriod = 20;
    private const double BandWidth = 2.0;

    private readonly double[] _window = new double[BandPeriod];
    private int _count;
    private double _previousClose = double.NaN;
    private double _avgGain, _avgLoss, _fast, _slow;

    /// <summary>Values after the last <see cref="Add"/> or <see cref="Preview"/>; building the record is left to who needs it.</summary>
    public Values Current { get; private set; }

    public void Add(double close)
    {
        var (gain, loss, fast, slow) = Compute(close);
        (_avgGain, _avgLoss, _fast, _slow) = (gain, loss, fast, slow);
        _window[_count % BandPeriod] = close;
        _count++;
        _previousClose = close;
    }

    public void Preview(double close) => Compute(close);

    private (double Gain, double Loss, double Fast, double Slow) Compute(double close)
    {
        int n = _count + 1;
        double gain = _avgGain, loss = _avgLoss;
        if (n > 1)
        {
            double change = close - _previousClose;
            double up = Math.Max(change, 0), down = Math.Max(-change, 0);
            // Simple average over the first period, Wilder smoothing afterwards.
            int changes = n - 1;
            double k = changes <= RsiPeriod ? 1.0 / changes : 1.0 / RsiPeriod;
            gain += k * (up - gain);
            loss += k * (down - loss);
        }

        double? rsi = n > RsiPeriod ? (loss == 0 ? 100.0 : 100.0 - (100.0 / (1.0 + (gain / loss)))) : null;

        double fast = Ema(_fast, close, n, FastPeriod), slow = Ema(_slow, close, n, SlowPeriod);
        double? macd = n >= SlowPeriod ? fast - slow : null;

        double? upper = null, lower = null;
        if (n >= BandPeriod)
        {
            double sum = close, sumSq = close * close;
            for (int i = 1; i < BandPeriod; i++)
            {
                double x = _window[(_count - i + (BandPeriod * 2)) % BandPeriod];
                sum += x;
                sumSq += x * x;
            }

            double mean = sum / BandPeriod;
            double sd = Math.Sqrt(Math.Max(0, (sumSq / BandPeriod) - (mean * mean)));
            upper = mean + (BandWidth * sd);
            lower = mean - (BandWidth * sd);
        }

        Current = new Values(rsi, macd, upper, lower);
        return (gain, loss, fast, slow);
    }

    /// <summary>The latest values without allocation.</summary>
    internal readonly record struct Values(double? Rsi, double? Macd, double? BollingerUpper, double? BollingerLower)
    {
        public TechnicalIndicators ToRecord() => new(Rsi, Macd, BollingerUpper, BollingerLower);
    }

    // Seeded with the running mean until the period is reached, the usual SMA-seeded EMA.
    private static double Ema(double previous, double value, int n, int period) =>
        n <= period ? previous + ((value - previous) / n) : previous + ((2.0 / (period + 1)) * (value - previous));
}
