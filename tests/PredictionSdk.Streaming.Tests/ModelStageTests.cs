using Microsoft.Extensions.Logging;
using PredictionSdk.Data.Tests.Exchanges.Fakes;
using PredictionSdk.Models;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>Runs on its own: inference is CPU-heavy and the pipeline tests beside it check timing-sensitive back-pressure.</summary>
[CollectionDefinition(nameof(ModelStageTests), DisableParallelization = true)]
public sealed class ModelStageCollection;

[Collection(nameof(ModelStageTests))]
public class ModelStageTests
{
    private static readonly string Bundle = Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    [Fact]
    public async Task Symbols_sharing_one_loaded_model_predict_exactly_as_their_own_predictors_would()
    {
        const int minutes = 240;
        var names = new[] { "BTC-USD", "ETH-USD", "SOL-USD" };
        var options = StreamFactory.Options(names);
        options.ModelPath = Bundle;
        options.Subscriber.FullMode = StreamFullMode.Wait;
        await using var stream = new RealTimeStream([new GeneratedSource(minutes)], options);
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var received = await predictions;

        for (int s = 0; s < names.Length; s++)
        {
            var symbol = Symbol.Parse(names[s]);
            using var own = new StockCryptoPredictor(symbol, Interval.OneMinute) { BundleSymbol = Symbol.Parse("BTC-USD") };
            own.LoadModel(Bundle);
            var expected = new List<Prediction>();
            for (int m = 0; m < minutes; m++)
            {
                own.Observe(Bars.At(m, Bars.PriceOf(m + s)));
                if (own.IsReady)
                {
                    expected.AddRange(own.PredictAll());
                }
            }

            var actual = received.Where(p => p.Symbol == symbol).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(0, stream.Statistics.PredictionErrors);
    }

    [Fact]
    public void A_bundle_is_loaded_once_for_all_symbols_and_outlives_each_symbols_predictor()
    {
        var shared = BundlePredictors.Open(Bundle);
        var first = shared.Create(Symbol.Parse("BTC-USD"), Interval.OneMinute);
        using var second = shared.Create(Symbol.Parse("ETH-USD"), Interval.OneMinute);

        // Disposing one symbol's predictor must leave the shared session usable by the others.
        first.Dispose();
        for (int m = 0; m < 240; m++)
        {
            second.Observe(Bars.At(m, Bars.PriceOf(m)));
        }

        Assert.True(second.IsReady);
        var predictions = new List<Prediction>();
        second.Predict(predictions);
        Assert.Equal([1, 5], predictions.Select(p => p.Horizon));
        Assert.All(predictions, p => Assert.True(double.IsFinite(p.PredictedPrice)));

        // Once the stream releases the model, no symbol can use it any more.
        shared.Dispose();
        Assert.Throws<ObjectDisposedException>(() => shared.Create(Symbol.Parse("SOL-USD"), Interval.OneMinute));
    }

    [Fact]
    public void The_bundle_file_is_read_once_for_its_manifest_and_every_symbol()
    {
        // A copy of its own: other tests load the shared bundle in parallel.
        string bundle = Path.Combine(Path.GetTempPath(), $"psdk-once-{Guid.NewGuid():N}.psdk");
        File.Copy(Bundle, bundle);
        int loads = 0;
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == PredictionSdk.Models.Bundles.ModelBundle.ActivitySourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("psdk.bundle.path"), bundle))
                {
                    Interlocked.Increment(ref loads);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        try
        {
            using var shared = BundlePredictors.Open(bundle);
            using var btc = shared.Create(Symbol.Parse("BTC-USD"), Interval.OneMinute);
            using var eth = shared.Create(Symbol.Parse("ETH-USD"), Interval.OneMinute);

            Assert.Equal(1, loads);

            // A bundle the caller already loaded is not read again.
            var loaded = PredictionSdk.Models.Bundles.ModelBundle.Load(bundle);
            using var reused = BundlePredictors.FromBundle(loaded, bundle);
            using var sol = reused.Create(Symbol.Parse("SOL-USD"), Interval.OneMinute);
            Assert.Equal(2, loads);
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    [Fact]
    public async Task A_bundle_serving_symbols_it_was_not_trained_on_is_warned_of_once_per_such_symbol()
    {
        var log = new ListLogger<RealTimeStream>();
        var options = StreamFactory.Options("BTC-USD", "BTC-USDT", "ETH-USD");
        options.ModelPath = Bundle; // trained on BTC-USD
        await using var stream = new RealTimeStream([new GeneratedSource(30)], options, new OneLoggerFactory(log));
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        var warnings = log.Entries.Where(e => e.Id.Id == 6004).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.All(warnings, w => Assert.Contains("was trained on BTC-USD but serves", w.Message, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("serves BTC-USDT,", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("serves ETH-USD,", StringComparison.Ordinal));
    }

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
