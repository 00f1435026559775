using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features.Extensions;

/// <summary>A feature written outside the SDK: the close's distance from its rolling mean, in units of the mean range.</summary>
internal sealed class CloseVsMeanFeature(int period) : ICustomFeature
{
    private readonly Queue<(double Close, double Range)> _window = new();
    private double _closeSum;
    private double _rangeSum;

    public IReadOnlyList<string> Columns { get; } = ["dist"];

    public int WarmupBars => period;

    public bool IsReady => _window.Count >= period;

    public void Update(in Candle bar, Span<double> values)
    {
        _window.Enqueue((bar.Close, bar.High - bar.Low));
        _closeSum += bar.Close;
        _rangeSum += bar.High - bar.Low;
        if (_window.Count > period)
        {
            var (close, range) = _window.Dequeue();
            _closeSum -= close;
            _rangeSum -= range;
        }

        values[0] = Value(bar.Close, _closeSum, _rangeSum, _window.Count);
    }

    public void Preview(in Candle bar, Span<double> values)
    {
        double closeSum = _closeSum + bar.Close, rangeSum = _rangeSum + (bar.High - bar.Low);
        int count = _window.Count + 1;
        if (count > period)
        {
            var (close, range) = _window.Peek();
            closeSum -= close;
            rangeSum -= range;
            count--;
        }

        values[0] = Value(bar.Close, closeSum, rangeSum, count);
    }

    public void Reset()
    {
        _window.Clear();
        _closeSum = _rangeSum = 0;
    }

    private static double Value(double close, double closeSum, double rangeSum, int count) =>
        rangeSum > 0 ? (close - (closeSum / count)) / (rangeSum / count) : 0;

    public static void Register(FeatureRegistry registry) =>
        registry.Register("close_vs_mean", spec => new CloseVsMeanFeature(spec.GetInt32("period", 20)));
}

public class CustomFeatureTests
{
    private static readonly FeatureSpec Spec = new()
    {
        RollingWindows = [3],
        VolumeWindows = [5],
        MultiScaleIntervals = [],
        WindowLength = 2,
        CustomFeatures = [new CustomFeatureSpec { Name = "close_vs_mean", Parameters = new Dictionary<string, string> { ["period"] = "30" } }],
    };

    private static FeatureExtensions Extensions()
    {
        var registry = new FeatureRegistry();
        CloseVsMeanFeature.Register(registry);
        return new FeatureExtensions(registry, new External.ExternalSeriesStore());
    }

    [Fact]
    public void Its_columns_follow_the_built_in_ones_and_preview_equals_update()
    {
        var candles = TestData.Btc(200);
        var pipeline = new FeaturePipeline(Spec, Extensions());
        Assert.Equal("close_vs_mean_dist", pipeline.FeatureNames[^1]);
        Assert.True(pipeline.WarmupBars >= 30);
        foreach (var bar in candles)
        {
            float preview = pipeline.Preview(bar)[^1];
            float committed = pipeline.Update(bar)[^1];
            Assert.Equal(committed, preview);
        }

        var oracle = candles.TakeLast(30).ToList();
        double expected = (candles[^1].Close - oracle.Average(b => b.Close)) / oracle.Average(b => b.High - b.Low);
        Assert.Equal((float)expected, pipeline.Current[^1], 4);
        Assert.True(pipeline.IsReady);
    }

    [Fact]
    public void A_spec_naming_an_unregistered_feature_fails_naming_it()
    {
        var error = Assert.Throws<UnknownFeatureException>(() => new FeaturePipeline(Spec, new FeatureExtensions(new FeatureRegistry(), new External.ExternalSeriesStore())));
        Assert.Equal("close_vs_mean", error.Name);
        Assert.Contains("close_vs_mean", error.Message);
    }

    [Fact]
    public void The_spec_round_trips_its_custom_features_and_series_through_json()
    {
        var spec = Spec with { ExternalSeries = [new ExternalSeriesSpec { Name = "sentiment", PublicationLag = TimeSpan.FromMinutes(2), AllowMissing = true }] };
        var back = FeatureSpec.FromJson(spec.ToJson());
        Assert.Equal(spec, back);
        Assert.Equal("30", back.CustomFeatures[0].Parameters["period"]);
        Assert.Equal(TimeSpan.FromMinutes(2), back.ExternalSeries[0].PublicationLag);
        Assert.NotEqual(spec, back with { CustomFeatures = [] });
    }

    [Fact]
    public void A_bad_parameter_is_reported_with_the_feature_and_parameter()
    {
        var bad = Spec with { CustomFeatures = [new CustomFeatureSpec { Name = "close_vs_mean", Parameters = new Dictionary<string, string> { ["period"] = "thirty" } }] };
        var error = Assert.Throws<ArgumentException>(() => new FeaturePipeline(bad, Extensions()));
        Assert.Contains("'close_vs_mean'", error.Message);
        Assert.Contains("'period'", error.Message);
    }
}
