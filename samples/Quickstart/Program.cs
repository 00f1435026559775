using System.Diagnostics;
using PredictionSdk;
using PredictionSdk.Data;
using PredictionSdk.Models.Training;

// Trains the default Hybrid (LSTM → Transformer) forecaster on two weeks of bundled BTC minute bars,
// evaluates it out of sample beside the baselines, and saves the model bundle.
var clock = Stopwatch.StartNew();
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

string path = Path.Combine(AppContext.BaseDirectory, "data", "BTCUSDT-1m-2024-01.csv.gz");
var candles = await CandleFile.ReadAllAsync(path, cts.Token);
Console.WriteLine($"BTC-USD: {candles.Count:N0} one-minute bars, {candles[0].Timestamp:u} to {candles[^1].Timestamp:u}");

using var trainer = new ModelTrainer(new TrainerOptions
{
    Symbol = Symbol.Parse("BTC-USD"),
    Horizons = [1, 5, 15],
    TrainPeriod = TimeSpan.FromDays(14),
    ValidationSplit = 0.2,
});
trainer.PrepareData(candles, path);
var data = trainer.Data;
Console.WriteLine($"{data.FeatureCount} features × {data.Spec.WindowLength} bars; {data.Fit.Count:N0} training, {data.Validation.Count:N0} validation, {data.Holdout.Count:N0} held-out samples");

trainer.ConfigureModel(new HybridModelOptions());
// The SDK reports progress through IProgress<TrainingProgress>; this prints one line per epoch.
var epochs = new Progress<TrainingProgress>(p =>
{
    if (p.IsEpochEnd)
    {
        Console.WriteLine($"epoch {p.Epoch}/{p.Epochs}: loss {p.TrainLoss:F4}, validation {p.ValidationLoss:F4}, {p.SamplesPerSecond:N0} samples/s");
    }
});
var history = await trainer.TrainAsync(new TrainingOptions { Epochs = 5, BatchSize = 256, Patience = 2 }, epochs, cts.Token);
Console.WriteLine($"Best epoch {history.BestEpoch} of {history.Epochs.Count} (validation loss {history.BestValidationLoss:F4}), {history.SamplesPerSecond:N0} samples/s");

// Out of sample: every held-out minute after the training window, the network beside baselines fit on the same window.
Console.WriteLine("Evaluating on the held-out days beside persistence, EMA drift, ridge/logistic and LightGBM ...");
var report = await trainer.EvaluateAsync(progress: new Progress<string>(Console.WriteLine), cancellationToken: cts.Token);
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());

string output = Path.Combine("models", "btc-hybrid.psdk");
await trainer.SaveModelAsync(output, cts.Token);
Console.WriteLine($"Saved {Path.GetFullPath(output)} in {clock.Elapsed.TotalSeconds:F0} s total.");
