using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PredictionSdk.Models.Drift;
using PredictionSdk.Models.Outcomes;
using PredictionSdk.Models.Tests.Outcomes;

namespace PredictionSdk.Models.Tests.Drift;

public sealed class DriftMonitorTests
{
    // A fixed ±1.645·10 bp interval scored on returns whose scale doubles at minute 3,000.
    private static IEnumerable<PredictionOutcome> Outcomes(int count, int changeAt, int seed = 1, string symbol = "BTC-USD", int horizon = 1)
    {
        var random = new Random(seed);
        for (int t = 0; t < count; t++)
        {
            var p = Predictions.Make(minute: t, lower: -0.0016448536, median: 0, upper: 0.0016448536, direction: t % 2 == 0 ? Direction.Up : Direction.Down, confidence: 0.55, horizon: horizon, symbol: symbol);
            double r = Streams.Normal(random) * 0.001 * (t >= changeAt ? 2 : 1);
            yield return OutcomeScorer.Score(p, 100 * Math.Exp(r));
        }
    }

    [Fact]
    public void A_volatility_jump_raises_typed_events_for_the_interval_signals()
    {
        using var monitor = new DriftMonitor();
        var events = new List<DriftEvent>();
        monitor.DriftDetected += (_, e) => events.Add(e);
        var outcomes = Outcomes(4_000, changeAt: 3_000).ToList();
        foreach (var o in outcomes)
        {
            monitor.Observe(o);
        }

        Assert.Equal(events.Count, monitor.Alarms);
        Assert.DoesNotContain(events, e => e.BarTime < outcomes[3_000].TargetTime);
        foreach (var signal in new[] { DriftSignal.PinballLoss, DriftSignal.IntervalMiss })
        {
            foreach (string detector in new[] { "adwin", "page-hinkley" })
            {
                var e = events.First(e => e.Signal == signal && e.Detector == detector);
                Assert.Equal(Symbol.Parse("BTC-USD"), e.Symbol);
                Assert.Equal(1, e.Horizon);
                Assert.Null(e.Stream.Feature);
                Assert.Equal(ChangeDirection.Increase, e.Direction);
                Assert.True(e.Statistic > e.Threshold, $"{e}");
                Assert.Equal("hybrid-abc-20240101", e.ModelVersion);
                Assert.InRange(e.BarTime, outcomes[3_000].TargetTime, outcomes[3_000 + 400].TargetTime);
                Assert.Equal(outcomes.Single(o => o.TargetTime == e.BarTime).TargetTime, e.BarTime);
            }
        }

        // The direction calls are coin flips before and after: their log loss does not change.
        Assert.DoesNotContain(events, e => e.Signal == DriftSignal.DirectionLogLoss);
    }

    [Fact]
    public void Streams_are_kept_per_symbol_and_horizon_and_a_reset_restarts_one_symbol()
    {
        using var monitor = new DriftMonitor(new DriftMonitorOptions { Detectors = DriftDetectorKinds.Adwin, Signals = DriftSignal.Losses });
        foreach (var o in Outcomes(100, int.MaxValue, symbol: "BTC-USD").Concat(Outcomes(100, int.MaxValue, symbol: "ETH-USD", horizon: 5)))
        {
            monitor.Observe(o);
        }

        var snapshot = monitor.Snapshot();
        Assert.Equal(6, monitor.StreamCount);
        Assert.Equal(6, snapshot.Count);
        Assert.Equal(["BTC-USD", "BTC-USD", "BTC-USD", "ETH-USD", "ETH-USD", "ETH-USD"], snapshot.Select(s => s.Stream.Symbol.Value));
        Assert.All(snapshot, s => Assert.Equal("adwin", s.Detector));
        Assert.All(snapshot.Where(s => s.Stream.Signal != DriftSignal.DirectionLogLoss), s => Assert.Equal(100, s.State.Observations));

        monitor.Reset(Symbol.Parse("ETH-USD"));
        Assert.All(monitor.Snapshot(), s => Assert.Equal(s.Stream.Symbol.Value == "ETH-USD", s.State.Observations == 0));
    }

    [Fact]
    public void Improvements_are_events_only_when_asked_for()
    {
        // Volatility halves: the interval stops missing. A fall of the losses.
        IEnumerable<PredictionOutcome> Calmer()
        {
            var random = new Random(2);
            for (int t = 0; t < 4_000; t++)
            {
                var p = Predictions.Make(minute: t, lower: -0.0016448536, median: 0, upper: 0.0016448536);
                yield return OutcomeScorer.Score(p, 100 * Math.Exp(Streams.Normal(random) * (t >= 2_000 ? 0.0003 : 0.001)));
            }
        }

        var options = new DriftMonitorOptions { Signals = DriftSignal.IntervalMiss, Detectors = DriftDetectorKinds.Adwin };
        using var quiet = new DriftMonitor(options);
        using var told = new DriftMonitor(new DriftMonitorOptions { Signals = DriftSignal.IntervalMiss, Detectors = DriftDetectorKinds.Adwin, AlarmOnImprovement = true });
        var events = new List<DriftEvent>();
        told.DriftDetected += (_, e) => events.Add(e);
        foreach (var o in Calmer())
        {
            quiet.Observe(o);
            told.Observe(o);
        }

        Assert.Equal(0, quiet.Alarms);
        Assert.True(quiet.Snapshot().Single().State.Detections > 0); // the detector did cut its window
        Assert.Contains(events, e => e.Direction == ChangeDirection.Decrease);
    }

    [Fact]
    public void Feature_rows_feed_psi_for_the_watched_features_only()
    {
        var options = new DriftMonitorOptions { Signals = DriftSignal.FeaturePsi };
        options.Features.Add("rsi14");
        options.Psi.ReferenceLength = 300;
        options.Psi.WindowLength = 300;
        using var monitor = new DriftMonitor(options);
        var events = new List<DriftEvent>();
        monitor.DriftDetected += (_, e) => events.Add(e);
        string[] names = ["ret1", "rsi14"];
        var random = new Random(5);
        var time = Predictions.Start;
        for (int t = 0; t < 1_500; t++)
        {
            float rsi = (float)(50 + (10 * Streams.Normal(random)) + (t >= 900 ? 25 : 0));
            monitor.ObserveFeatures(Symbol.Parse("QQQ"), time.AddMinutes(t), names, [0.1f, rsi]);
        }

        var e = Assert.Single(events);
        Assert.Equal(new DriftStream(Symbol.Parse("QQQ"), 0, DriftSignal.FeaturePsi, "rsi14"), e.Stream);
        Assert.Equal("psi", e.Detector);
        Assert.Equal(0.25, e.Threshold);
        Assert.True(e.Statistic > 0.25);
        Assert.InRange(e.BarTime, time.AddMinutes(900), time.AddMinutes(1_200));
        Assert.Null(e.ModelVersion);
        Assert.Equal(1, monitor.StreamCount);
        Assert.Throws<ArgumentException>(() => monitor.ObserveFeatures(Symbol.Parse("QQQ"), time, names, [1f]));
    }

    [Fact]
    public void Each_detector_state_is_published_as_metrics()
    {
        using var meters = new TestMeterFactory();
        using var monitor = new DriftMonitor(new DriftMonitorOptions { Signals = DriftSignal.IntervalMiss }, meters);
        var gauges = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        long alarms = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this monitor's instruments: other tests run monitors in parallel.
            if (instrument.Meter.Name == DriftTelemetry.MeterName && meters.Created.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => gauges.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref alarms, value));
        listener.Start();

        foreach (var o in Outcomes(4_000, changeAt: 3_000))
        {
            monitor.Observe(o);
        }

        listener.RecordObservableInstruments();
        Assert.Equal(monitor.Alarms, alarms);
        Assert.True(alarms > 0);
        var statistic = gauges.Where(g => g.Name == "psdk.drift.statistic").ToList();
        Assert.Equal(2, statistic.Count);
        Assert.Contains(statistic, g => (string?)g.Tags["detector"] == "adwin");
        Assert.All(statistic, g =>
        {
            Assert.Equal("BTC-USD", g.Tags["symbol"]);
            Assert.Equal("1", g.Tags["horizon"]);
            Assert.Equal("interval_miss", g.Tags["signal"]);
        });
        var adwin = monitor.Snapshot().Single(s => s.Detector == "adwin").State;
        Assert.Contains(gauges, g => g.Name == "psdk.drift.threshold" && (string?)g.Tags["detector"] == "adwin" && g.Value == adwin.Threshold);
        Assert.Contains(gauges, g => g.Name == "psdk.drift.window" && (string?)g.Tags["detector"] == "adwin" && g.Value == adwin.WindowLength);
    }

    [Fact]
    public void Observing_an_outcome_of_a_known_stream_allocates_nothing()
    {
        using var monitor = new DriftMonitor();
        // ADWIN adds a bucket row when its window doubles (at 2,555 and 5,115 bars); in between nothing is allocated.
        var outcomes = Outcomes(5_000, int.MaxValue).ToArray();
        for (int i = 0; i < 2_600; i++)
        {
            monitor.Observe(outcomes[i]);
        }

        // Measured around each call, so that the test loop's own tiering (on-stack replacement) is not counted.
        long allocated = 0;
        for (int i = 2_600; i < outcomes.Length; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            monitor.Observe(outcomes[i]);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, monitor.Alarms);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Bad_settings_stop_the_host_at_start_with_the_reason()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddDriftMonitor(o => o.Adwin.Delta = 2);
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("δ", ex.Message, StringComparison.Ordinal);

        var good = new ServiceCollection();
        good.AddPredictionSdk().AddDriftMonitor(o => o.Signals = DriftSignal.PinballLoss);
        using var ok = good.BuildServiceProvider();
        ok.GetRequiredService<IStartupValidator>().Validate();
        Assert.Same(ok.GetRequiredService<DriftMonitor>(), ok.GetRequiredService<DriftMonitor>());
        Assert.Throws<ArgumentException>(() => new DriftMonitor(new DriftMonitorOptions { Signals = DriftSignal.None }));
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
