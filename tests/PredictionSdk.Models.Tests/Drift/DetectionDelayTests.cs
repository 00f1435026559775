using PredictionSdk.Models.Drift;
using static PredictionSdk.Models.Tests.Drift.Streams;

namespace PredictionSdk.Models.Tests.Drift;

/// <summary>
/// Both detectors with their default settings on seeded synthetic streams: no false alarm on stationary streams of a
/// stated length, and detection within a stated delay after a known change point. The bounds sit above the largest
/// delay seen over the seeds (the full distribution is in docs/adaptive.md, from benchmarks/PredictionSdk.AdaptiveReport).
/// </summary>
public sealed class DetectionDelayTests
{
    private const int Seeds = 20;
    private const int ChangeAt = 2_000;

    public static TheoryData<string, Kind> StationaryCases => new()
    {
        { "adwin", Kind.Gaussian }, { "adwin", Kind.Miss }, { "adwin", Kind.Pinball }, { "page-hinkley", Kind.Gaussian },
    };

    // 20 streams of 10,000 bars each, i.e. 200,000 stationary bars per case.
    [Theory]
    [MemberData(nameof(StationaryCases))]
    public void No_alarm_on_20_stationary_streams_of_10000_bars(string detector, Kind kind)
    {
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var alarms = Run(Create(detector), Make(kind, seed, 10_000, change: 1));
            Assert.True(alarms.Count == 0, $"{detector} on {kind} seed {seed}: alarms at {string.Join(", ", alarms)}");
        }
    }

    // Page–Hinkley's CUSUM has longer upward excursions on right-skewed streams (a miss is a +3σ jump), so its
    // false-alarm rate there is a few per million bars (docs/adaptive.md): at most 5 on 500,000 bars.
    [Theory]
    [InlineData(Kind.Miss)]
    [InlineData(Kind.Pinball)]
    public void Page_Hinkley_false_alarms_on_skewed_stationary_streams_are_rare(Kind kind)
    {
        int alarms = 0;
        for (int seed = 1; seed <= 50; seed++)
        {
            alarms += Run(new PageHinkley(), Make(kind, seed, 10_000, change: 1)).Count;
        }

        Assert.InRange(alarms, 0, 5);
    }

    // Ten streams of 100,000 bars: the false-alarm rate stays bounded on long streams (Page–Hinkley's forgetting
    // factor acts on the statistic, so it does not creep towards the threshold as the stream grows).
    [Theory]
    [InlineData("adwin", Kind.Gaussian, 0)]
    [InlineData("adwin", Kind.Miss, 0)]
    [InlineData("page-hinkley", Kind.Gaussian, 1)]
    [InlineData("page-hinkley", Kind.Pinball, 6)]
    public void At_most_a_few_alarms_on_a_million_stationary_bars(string detector, Kind kind, int allowed)
    {
        int alarms = 0;
        for (int seed = 100; seed < 110; seed++)
        {
            alarms += Run(Create(detector), Make(kind, seed, 100_000, change: 1)).Count;
        }

        Assert.InRange(alarms, 0, allowed);
    }

    public static TheoryData<string, Kind, double, int> ChangeCases => new()
    {
        // detector, stream, change (Gaussian: mean + k·σ; others: return scale × k), largest delay allowed (bars).
        // ADWIN checks every 32 bars, so its delays move in steps of 32.
        { "adwin", Kind.Gaussian, 0.5, 384 },
        { "adwin", Kind.Gaussian, 1, 144 },
        { "adwin", Kind.Gaussian, 2, 80 },
        { "adwin", Kind.Miss, 2, 144 },
        { "adwin", Kind.Pinball, 2, 208 },
        { "page-hinkley", Kind.Gaussian, 0.5, 300 },
        { "page-hinkley", Kind.Gaussian, 1, 100 },
        { "page-hinkley", Kind.Gaussian, 2, 40 },
        { "page-hinkley", Kind.Miss, 2, 120 },
        { "page-hinkley", Kind.Pinball, 2, 60 },
    };

    [Theory]
    [MemberData(nameof(ChangeCases))]
    public void Detects_a_rise_within_the_stated_delay(string detector, Kind kind, double change, int maxDelay)
    {
        var delays = Delays(detector, kind, change);
        Assert.True(delays.Max() <= maxDelay, $"{detector} on {kind} ×{change}: delays {string.Join(", ", delays.Order())}, bound {maxDelay}");
    }

    [Theory]
    [InlineData("adwin")]
    [InlineData("page-hinkley")]
    public void Larger_changes_are_detected_sooner(string detector)
    {
        double Median(double change)
        {
            var d = Delays(detector, Kind.Gaussian, change);
            d.Sort();
            return d[d.Count / 2];
        }

        // ADWIN's delays move in steps of its 32-bar clock, so two large changes may tie.
        double half = Median(0.5), one = Median(1), two = Median(2), three = Median(3);
        Assert.True(half > one && one > two && two >= three, $"median delays {half}, {one}, {two}, {three}");
    }

    // Delay of the first rise signalled at or after the change, for every seed (a seed without one fails).
    private static List<int> Delays(string detector, Kind kind, double change)
    {
        var delays = new List<int>();
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var values = Make(kind, seed, ChangeAt + 3_000, ChangeAt, change);
            var alarms = Run(Create(detector), values);
            var first = alarms.FirstOrDefault(a => a.Index >= ChangeAt && a.Direction == ChangeDirection.Increase);
            Assert.True(first.Direction == ChangeDirection.Increase, $"{detector} missed the change on {kind} ×{change}, seed {seed}");
            delays.Add(first.Index - ChangeAt + 1);
        }

        return delays;
    }

    private static IDriftDetector Create(string name) => name == "adwin" ? new Adwin() : new PageHinkley();
}
