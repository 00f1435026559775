using PredictionSdk;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Data.Sentiment;
using PredictionSdk.External;
using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training;
using PredictionSdk.Streaming;
using PredictionSdk.Streaming.External;

// News sentiment and a custom feature, end to end, offline:
//   dotnet run --project samples/Sentiment -- train [--feed FILE|URL | --feed-out FILE] [--model OUT.psdk]
//   dotnet run --project samples/Sentiment -- stream --model OUT.psdk [--feed FILE|URL] [--predictions N]
// "train" scores the feed's headlines per minute, measures a ridge/logistic baseline with and without them, trains a
// small Hybrid with the sentiment series and the custom feature, and saves it. "stream" (a fresh process) registers the
// feature again, feeds the series live and streams predictions from a replay of the days after the training window.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
string mode = args.FirstOrDefault() ?? "train";
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
string model = Arg("--model") ?? Path.Combine("models", "btc-sentiment.psdk");

var bars = await CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz"), cts.Token);
var trainBars = bars.Take(8 * 1440).ToList();
// Without --feed, an illustrative feed is written (to --feed-out, or the temp folder) and read from the file.
string feed = Arg("--feed") ?? Arg("--feed-out") ?? Path.Combine(Path.GetTempPath(), "psdk-demo-headlines.xml");
if (Arg("--feed") is null)
{
    DemoFeed.Write(feed, bars[0].Timestamp, bars[^1].Timestamp);
}

IExternalSeriesSource Source() => Uri.TryCreate(feed, UriKind.Absolute, out var url) && url.Scheme.StartsWith("http", StringComparison.Ordinal)
    ? RssSentimentSource.FromUrl("news", new HttpClient(), url, TimeSpan.FromSeconds(1))
    : RssSentimentSource.FromFile("news", feed);

// The feature must be registered in every process that builds or loads a model using it.
CloseVsMeanFeature.Register();
var spec = FeatureSpec.Default() with
{
    Horizons = [1, 5],
    ExternalSeries = [new ExternalSeriesSpec { Name = "news", PublicationLag = TimeSpan.FromMinutes(1), MaxAge = TimeSpan.FromHours(2), AllowMissing = true }],
    CustomFeatures = [new CustomFeatureSpec { Name = CloseVsMeanFeature.Name, Parameters = new Dictionary<string, string> { ["period"] = "30" } }],
};

if (mode == "train")
{
    // Read the whole feed once (a file) into the shared store: training reads it as of each bar's close.
    var feedOnce = new ExternalSeriesFeed([Source()], ExternalSeriesStore.Shared);
    using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
    {
        await feedOnce.RunAsync(stop.Token);
    }

    Console.WriteLine($"news: {ExternalSeriesStore.Shared.GetOrAdd("news").Count} scored minutes from {feed}");

    // Measured, not assumed: the same walk-forward baseline without and with the extensions.
    foreach (var (label, s) in new[] { ("OHLCV features", spec with { ExternalSeries = [], CustomFeatures = [] }), ("+ news + close_vs_mean", spec) })
    {
        var data = SupervisedDataset.Build(trainBars, s);
        var report = await WalkForwardEvaluator.RunAsync(data, [BaselineCandidates.Linear()], new WalkForwardOptions { Folds = 2 }, cancellationToken: cts.Token);
        var h1 = report.Models[0].Horizons[0];
        Console.WriteLine($"{label,-24} ridge/logistic h1 direction accuracy {h1.DirectionalAccuracy:P1} over {h1.DirectionalSamples} test minutes, log loss {h1.LogLoss:F4}");
    }

    using var trainer = new ModelTrainer(new TrainerOptions { Symbol = Symbol.Parse("BTC-USD"), Horizons = [1, 5], Features = spec });
    trainer.PrepareData(trainBars);
    trainer.ConfigureModel(new HybridModelOptions());
    await trainer.TrainAsync(new TrainingOptions { Epochs = 1, BatchSize = 256 }, cancellationToken: cts.Token);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(model))!);
    await trainer.SaveModelAsync(model, cts.Token);
    Console.WriteLine($"Saved {model} ({trainer.Data.FeatureCount} features, the last ones: {string.Join(", ", trainer.Data.Spec.ExternalSeries.Select(e => "ext_" + e.Name))}, {CloseVsMeanFeature.Name}_dist)");
    return 0;
}

// stream: a fresh process. The series is fed live; the replay starts where training ended.
int wanted = int.Parse(Arg("--predictions") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
var series = new ExternalSeriesFeed([Source()], ExternalSeriesStore.Shared);
var feeding = series.RunAsync(cts.Token);
var source = new ReplayCandleSource(new Dictionary<Symbol, IReadOnlyList<Candle>> { [Symbol.Parse("BTC-USD")] = bars }, new ReplayOptions { From = trainBars[^1].Timestamp.AddMinutes(1) });
await using var stream = new RealTimeStream([source], new RealTimeStreamOptions { Symbols = { "BTC-USD" }, ModelPath = model });
await stream.StartAsync(cts.Token);
int received = 0;
await foreach (var prediction in stream.ReadAllAsync(cts.Token))
{
    if (prediction.Horizon != 1)
    {
        continue;
    }

    Console.WriteLine(PredictionJson.Serialize(prediction));
    if (++received >= wanted)
    {
        break;
    }
}

await stream.StopAsync(cts.Token);
await cts.CancelAsync();
await feeding;
return received >= wanted ? 0 : 1;
