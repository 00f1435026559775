using PredictionSdk;
using PredictionSdk.Models.Features;

/// <summary>
/// A custom feature defined outside the SDK: the close's distance from its rolling mean, in units of the mean bar
/// range over the same window. Registered by name; the bundle records the name and the period.
/// </summary>
internal sealed class CloseVsMeanFeature(int period) : ICustomFeature
{
    public const string Name = "close_vs_mean";

    private readonly Queue<(double Close, double Range)> _window = new();
    private double _closeSum;
    private double _rangeSum;

    public IReadOnlyList<string> Columns { get; } = ["dist"];

    public int WarmupBars => period;

    public bool IsReady => _window.Count >= period;

    public static void Register() =>
        FeatureRegistry.Shared.Register(Name, spec => new CloseVsMeanFeature(spec.GetInt32("period", 30)));

    public void Update(in Candle bar, Span<double> values)
    {
        _window.Enqueue((bar.Close, bar.High - bar.Low));
        (_closeSum, _rangeSum) = (_closeSum + bar.Close, _rangeSum + bar.High - bar.Low);
        if (_window.Count > period)
        {
            var (close, range) = _window.Dequeue();
            (_closeSum, _rangeSum) = (_closeSum - close, _rangeSum - range);
        }

        values[0] = Distance(bar.Close, _closeSum, _rangeSum, _window.Count);
    }

    public void Preview(in Candle bar, Span<double> values)
    {
        double closeSum = _closeSum + bar.Close, rangeSum = _rangeSum + (bar.High - bar.Low);
        int count = _window.Count + 1;
        if (count > period)
        {
            var (close, range) = _window.Peek();
            (closeSum, rangeSum, count) = (closeSum - close, rangeSum - range, count - 1);
        }

        values[0] = Distance(bar.Close, closeSum, rangeSum, count);
    }

    public void Reset()
    {
        _window.Clear();
        (_closeSum, _rangeSum) = (0, 0);
    }

    private static double Distance(double close, double closeSum, double rangeSum, int count) =>
        rangeSum > 0 ? (close - (closeSum / count)) / (rangeSum / count) : 0;
}
