using System.IO.Compression;
using System.Text.Json.Nodes;

namespace PredictionSdk.Models.Tests.Predictor;

public sealed class StockCryptoPredictorTests
{
    internal static readonly string BundlePath = Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");
    private static readonly Symbol Btc = Symbol.Parse("BTC-USD");

    private static StockCryptoPredictor Loaded()
    {
        var predictor = new StockCryptoPredictor(Btc, Interval.OneMinute, ModelType.Hybrid);
        predictor.LoadModel(BundlePath);
        return predictor;
    }

    [Fact]
    public void Predicts_calibrated_next_minute_with_interval_indicators_and_version()
    {
        using var predictor = Loaded();
        var candles = TestData.Btc(predictor.RequiredHistory + 50);
        predictor.Observe(candles);
        Assert.True(predictor.IsReady);

        var p = predictor.PredictNextMinute();
        var last = candles[^1];
        Assert.Equal(Btc, p.Symbol);
        Assert.Equal(last.Timestamp, p.Timestamp);
        Assert.Equal(last.Timestamp.AddMinutes(2), p.TargetTime);
        Assert.Equal(1, p.Horizon);
        Assert.Equal(last.Close, p.CurrentPrice);
        Assert.True(double.IsFinite(p.PredictedPrice) && Math.Abs(p.ChangePercent) < 5);
        Assert.InRange(p.Confidence, 0.5, 1.0);
        Assert.True(p.Lower <= p.PredictedPrice && p.PredictedPrice <= p.Upper && p.Lower < p.Upper);
        Assert.Equal(0.9, p.IntervalCoverage);
        Assert.StartsWith("hybrid-", p.ModelVersion, StringComparison.Ordinal);
        Assert.NotNull(p.Indicators);
        Assert.InRange(p.Indicators!.Rsi!.Value, 0, 100);
        Assert.True(p.Indicators.BollingerUpper > p.Indicators.BollingerLower);
        Assert.NotNull(p.Indicators.Macd);

        var p5 = predictor.Predict(5);
        Assert.Equal(5, p5.Horizon);
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(15));
    }

    [Fact]
    public void Every_horizon_is_predicted_from_one_inference_as_each_alone_would_be()
    {
        using var predictor = Loaded();
        var candles = TestData.Btc(predictor.RequiredHistory + 40);
        predictor.Observe(candles.Take(candles.Count - 1));

        var all = predictor.PredictAll();
        Assert.Equal(predictor.Horizons, all.Select(p => p.Horizon));
        Assert.Equal(predictor.Horizons.Select(predictor.Predict), all);
        Assert.All(all, p => Assert.Equal(candles[^2].Timestamp.AddMinutes(p.Horizon + 1), p.TargetTime));

        var previews = predictor.PreviewAll(candles[^1]);
        Assert.Equal(predictor.Horizons, previews.Select(p => p.Horizon));
        Assert.Equal(predictor.PreviewNextMinute(candles[^1]), previews[0]);
        Assert.All(previews, p => Assert.Equal(candles[^1].Timestamp, p.Timestamp));
    }

    [Fact]
    public void Five_minute_bars_are_refused_by_a_one_minute_model_instead_of_labelled_1m()
    {
        using var predictor = Loaded();
        var minutes = TestData.Btc(5 * (predictor.RequiredHistory + 50));
        var fiveMinutes = minutes.Chunk(5).Select(c => new Candle(c[0].Timestamp, c[0].Open, c.Max(b => b.High), c.Min(b => b.Low), c[^1].Close, c.Sum(b => b.Volume))).ToList();
        predictor.Observe(fiveMinutes);
        Assert.True(predictor.IsReady);
        var ex = Assert.Throws<IntervalMismatchException>(() => predictor.PredictNextMinute());
        Assert.Equal(Interval.OneMinute, ex.Expected);
        Assert.Equal(Interval.FiveMinutes, ex.Detected);
        Assert.Throws<IntervalMismatchException>(() => predictor.PredictBatch([new(Btc, fiveMinutes)]));

        var bundle = PredictionSdk.Models.Bundles.ModelBundle.Load(BundlePath);
        Assert.Throws<IntervalMismatchException>(() => PredictionSdk.Models.Calibration.BundleCalibrator.Calibrate(bundle, fiveMinutes));
    }

    [Fact]
    public void A_bundle_written_before_data_quality_was_recorded_still_loads()
    {
        using (var zip = ZipFile.OpenRead(BundlePath))
        using (var manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open()))
        {
            Assert.DoesNotContain("dataQuality", manifest.ReadToEnd(), StringComparison.Ordinal);
        }

        Assert.Null(PredictionSdk.Models.Bundles.ModelBundle.Load(BundlePath).Manifest.DataQuality);
    }

    [Fact]
    public void Too_little_history_names_the_bars_needed()
    {
        using var predictor = Loaded();
        predictor.Observe(TestData.Btc(10));
        var ex = Assert.Throws<InsufficientDataException>(() => predictor.PredictNextMinute());
        Assert.Equal(predictor.RequiredHistory, ex.Required);
        Assert.Equal(10, ex.Available);
        Assert.Contains(predictor.RequiredHistory.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);

        using var empty = new StockCryptoPredictor(Btc, Interval.OneMinute);
        Assert.Throws<InvalidOperationException>(() => empty.PredictNextMinute());
    }

    [Fact]
    public void Preview_equals_observing_the_bar_and_changes_nothing()
    {
        // Without online interval adaptation: observing a bar also feeds back an outcome, which moves the interval
        // (and so the predictive distribution's median) of later predictions; a preview cannot know that outcome.
        using var predictor = new StockCryptoPredictor(Btc, Interval.OneMinute, ModelType.Hybrid) { IntervalAdaptationRate = 0 };
        predictor.LoadModel(BundlePath);
        var candles = TestData.Btc(predictor.RequiredHistory + 20);
        predictor.Observe(candles.Take(candles.Count - 1));
        long observed = predictor.ObservedBars;
        var before = predictor.PredictNextMinute();

        var preview = predictor.PreviewNextMinute(candles[^1]);
        Assert.Equal(observed, predictor.ObservedBars);
        Assert.Equal(before, predictor.PredictNextMinute());

        predictor.Observe(candles[^1]);
        var after = predictor.PredictNextMinute();
        Assert.Equal(after.PredictedPrice, preview.PredictedPrice, 9);
        Assert.Equal(after.Lower, preview.Lower, 9);
        Assert.Equal(after.Upper, preview.Upper, 9);
        Assert.Equal(after.Confidence, preview.Confidence, 9);
        Assert.Equal(after.Indicators, preview.Indicators);
    }

    [Fact]
    public void Batch_matches_one_at_a_time_and_concurrent_calls_agree()
    {
        using var predictor = Loaded();
        int need = predictor.RequiredHistory;
        var all = TestData.Btc(need + 300);
        var histories = Enumerable.Range(0, 6)
            .Select(i => new KeyValuePair<Symbol, IReadOnlyList<Candle>>(Symbol.Parse($"S{i}-USD"), all.Skip(i * 50).Take(need + 10).ToArray()))
            .ToArray();

        var batch = predictor.PredictBatch(histories, horizon: 5);
        for (int i = 0; i < histories.Length; i++)
        {
            using var single = Loaded();
            single.Observe(histories[i].Value);
            var expected = single.Predict(5);
            Assert.Equal(histories[i].Key, batch[i].Symbol);
            // One batched ONNX call and a single one differ in the last float bits of the quantiles; the price, read
            // off the distribution they span, agrees to a billionth.
            Assert.Equal(expected.PredictedPrice, batch[i].PredictedPrice, expected.PredictedPrice * 1e-9);
            Assert.Equal(expected.Direction, batch[i].Direction);
            Assert.Equal(expected.Confidence, batch[i].Confidence, 9);
        }

        predictor.Observe(all.Take(need + 5));
        var reference = predictor.PredictNextMinute();
        var results = new Prediction[64];
        Parallel.For(0, results.Length, i => results[i] = predictor.PredictNextMinute());
        Assert.All(results, r => Assert.Equal(reference, r));
    }

    [Fact]
    public void Ensemble_of_identical_members_equals_the_single_model()
    {
        string folder = Directory.CreateTempSubdirectory("psdk-ensemble").FullName;
        try
        {
            File.Copy(BundlePath, Path.Combine(folder, "a.psdk"));
            File.Copy(BundlePath, Path.Combine(folder, "b.psdk"));
            using var ensemble = new StockCryptoPredictor(Btc, Interval.OneMinute, ModelType.Ensemble);
            ensemble.LoadModel(folder);
            using var single = Loaded();
            var candles = TestData.Btc(single.RequiredHistory + 5);
            ensemble.Observe(candles);
            single.Observe(candles);
            var e = ensemble.PredictNextMinute();
            var s = single.PredictNextMinute();
            Assert.Equal(s.PredictedPrice, e.PredictedPrice, 9);
            Assert.Equal(s.Upper, e.Upper, 9);
            Assert.Contains('+', e.ModelVersion);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Invalid_candles_are_rejected_without_losing_state()
    {
        using var predictor = Loaded();
        var candles = TestData.Btc(predictor.RequiredHistory + 3);
        predictor.Observe(candles);
        var before = predictor.PredictNextMinute();
        var bad = candles[^1] with { Timestamp = candles[^1].Timestamp.AddMinutes(1), Close = double.NaN };
        Assert.Throws<Models.Features.FeatureException>(() => predictor.Observe(bad));
        Assert.Throws<Models.Features.FeatureException>(() => predictor.Observe(candles[^2]));
        Assert.Equal(before, predictor.PredictNextMinute());
    }

    [Fact]
    public void Bad_bundles_raise_model_load_exceptions_that_say_why()
    {
        string folder = Directory.CreateTempSubdirectory("psdk-bad").FullName;
        try
        {
            byte[] good = File.ReadAllBytes(BundlePath);
            string Write(string name, byte[] bytes)
            {
                string path = Path.Combine(folder, name);
                File.WriteAllBytes(path, bytes);
                return path;
            }

            string Rewrite(string name, Func<JsonObject, JsonObject> edit, bool dropOnnx = false)
            {
                string path = Path.Combine(folder, name);
                File.WriteAllBytes(path, good);
                using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
                var entry = zip.GetEntry("manifest.json")!;
                JsonObject manifest;
                using (var stream = entry.Open())
                {
                    manifest = JsonNode.Parse(stream)!.AsObject();
                }

                entry.Delete();
                using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
                {
                    writer.Write(edit(manifest).ToJsonString());
                }

                if (dropOnnx)
                {
                    zip.GetEntry("model.onnx")!.Delete();
                    manifest["entries"]!.AsObject().Remove("model.onnx");
                }

                return path;
            }

            string Load(string path, ModelType type = ModelType.Hybrid)
            {
                using var predictor = new StockCryptoPredictor(Btc, Interval.OneMinute, type);
                return Assert.Throws<ModelLoadException>(() => predictor.LoadModel(path)).Message;
            }

            Assert.Contains("does not exist", Load(Path.Combine(folder, "missing.psdk")), StringComparison.Ordinal);
            Assert.Contains("truncated or corrupted", Load(Write("truncated.psdk", good[..(good.Length / 2)])), StringComparison.Ordinal);
            var corrupted = (byte[])good.Clone();
            for (int i = 200; i < 400; i++)
            {
                corrupted[i] ^= 0x5A;
            }

            Assert.Contains("corrupted", Load(Write("corrupted.psdk", corrupted)), StringComparison.Ordinal);
            Assert.Contains("format version 99", Load(Rewrite("future.psdk", m => { m["formatVersion"] = 99; return m; })), StringComparison.Ordinal);
            Assert.Contains("feature spec mismatch", Load(Rewrite("spec.psdk", m =>
            {
                string first = m["featureNames"]![0]!.GetValue<string>();
                string renamed = first + "_v0";
                var names = m["featureNames"]!.AsArray();
                names[0] = renamed;
                m["scaler"]!["featureNames"]![0] = renamed;
                var all = names.Select(n => (JsonNode?)JsonValue.Create(n!.GetValue<string>())).ToArray();
                m["featureSpec"]!["features"] = new JsonArray(all);
                return m;
            })), StringComparison.Ordinal);
            Assert.Contains("Lstm", Load(BundlePath, ModelType.Lstm), StringComparison.Ordinal);
            Assert.Contains("model.onnx", Load(Rewrite("noonnx.psdk", m => { m["entries"]!.AsObject().Remove("model.onnx"); return m; }, dropOnnx: true)), StringComparison.Ordinal);
            using var fiveMinute = new StockCryptoPredictor(Btc, Interval.FiveMinutes);
            Assert.Contains("feature spec mismatch", Assert.Throws<ModelLoadException>(() => fiveMinute.LoadModel(BundlePath)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
