using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using PredictionSdk.Models.Training.Networks;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

/// <summary>
/// Trains a Hybrid, Lstm or Transformer forecaster on candles: prepares causal features and targets, splits them
/// chronologically (train | validation | holdout, with purge gaps), fits the scaler on the training rows only,
/// trains with early stopping, evaluates out of sample beside the baselines and saves a <c>.psdk</c> bundle.
/// </summary>
/// <remarks>Not thread-safe. Call in order: <see cref="PrepareData(IReadOnlyList{Candle}, string?)"/> (or <see cref="PrepareDataAsync"/> from a store),
/// <see cref="ConfigureModel"/>, <see cref="TrainAsync"/>, then <see cref="EvaluateAsync"/> and <see cref="SaveModelAsync(string, CancellationToken)"/>.</remarks>
public sealed partial class ModelTrainer : IDisposable
{
    private readonly TrainerOptions _options;
    private TrainingData? _data;
    private ModelOptions? _modelOptions;
    private ForecastNetwork? _network;
    private TrainingHistory? _history;
    private JsonObject? _evaluationJson;
    private Dictionary<string, double> _metrics = [];

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public ModelTrainer(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options in use.</summary>
    public TrainerOptions Options => _options;

    /// <summary>The prepared data, after <see cref="PrepareData(IReadOnlyList{Candle}, string?)"/>.</summary>
    public TrainingData Data => _data ?? throw new InvalidOperationException("Call PrepareData first.");

    /// <summary>The loss history of the last <see cref="TrainAsync"/>, or null.</summary>
    public TrainingHistory? History => _history;

    /// <summary>
    /// Validates <paramref name="candles"/> (oldest first) by the SDK's rules under <see cref="TrainerOptions.DataValidation"/>
    /// (by default repairing what can be repaired and dropping the rest; <see cref="TrainingData.DataQuality"/> says
    /// what), then computes features and targets and splits them. The work is CPU-bound and runs on the calling thread.
    /// </summary>
    /// <param name="candles">The candles, oldest first.</param>
    /// <param name="source">Name of the data's source (a file) in validation reports and errors; null for none.</param>
    /// <exception cref="InsufficientDataException">Too few candles for the warm-up, window, horizons and the splits; the message states the minimum.</exception>
    /// <exception cref="IntervalMismatchException">The candles are bars of another interval than <see cref="TrainerOptions.Interval"/>.</exception>
    /// <exception cref="CandleValidationException">Under <see cref="PredictionSdk.Validation.ValidationPolicy.Reject"/>, a candle breaks a rule (names the row, field and value).</exception>
    /// <exception cref="FeatureException">Validation is off and a candle is invalid, or a feature is not finite (names the feature and timestamp).</exception>
    public void PrepareData(IReadOnlyList<Candle> candles, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        _data = TrainingData.Create(candles, _options, source);
        ResetModel();
    }

    /// <summary>
    /// As <see cref="PrepareData(IReadOnlyList{Candle}, string?)"/>, with cross-asset context: the features also read
    /// each context symbol's bars of the same minutes (<see cref="FeatureSpec.Context"/>; when the spec has none, every
    /// symbol of <paramref name="context"/> with the default <see cref="ContextSpec.MaxAgeBars"/>). Context bars are
    /// validated like the target's. Rows whose context is missing beyond the age limit are dropped and counted
    /// (<see cref="TrainingData.ContextStaleRows"/>). The bundle records the context symbols.
    /// </summary>
    /// <param name="candles">The target symbol's candles, oldest first.</param>
    /// <param name="context">Each context symbol's candles, oldest first.</param>
    /// <param name="source">Name of the data's source in validation reports and errors; null for none.</param>
    /// <exception cref="ArgumentException">The spec reads a context symbol that <paramref name="context"/> lacks.</exception>
    public void PrepareDataWithContext(IReadOnlyList<Candle> candles, IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>> context, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(context);
        _data = TrainingData.Create(candles, _options, source, context);
        ResetModel();
    }

    /// <summary>Reads the candles of <see cref="TrainerOptions.Symbol"/> at <see cref="TrainerOptions.Interval"/> from a store (asynchronously), then prepares them (<see cref="PrepareData(IReadOnlyList{Candle}, string?)"/>).</summary>
    /// <param name="store">The candle store.</param>
    /// <param name="from">First open time to read; null for the store's first candle of the series.</param>
    /// <param name="to">Last open time to read; null for the store's last.</param>
    /// <param name="cancellationToken">Cancels reading and preparation.</param>
    /// <exception cref="InsufficientDataException">The store has no such series or too few candles.</exception>
    public async Task PrepareDataAsync(ICandleStore store, DateTime? from = null, DateTime? to = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (from is null || to is null)
        {
            var series = await store.ListSeriesAsync(cancellationToken).ConfigureAwait(false);
            var info = series.FirstOrDefault(s => s.Symbol == _options.Symbol && s.Interval == _options.Interval)
                ?? throw new InsufficientDataException($"The candle store has no {_options.Interval} series for {_options.Symbol}.");
            from ??= info.First;
            to ??= info.Last;
        }

        var candles = new List<Candle>();
        await foreach (var candle in store.ReadRangeAsync(_options.Symbol, _options.Interval, from.Value, to.Value, cancellationToken).ConfigureAwait(false))
        {
            candles.Add(candle);
        }

        cancellationToken.ThrowIfCancellationRequested();
        PrepareData(candles, $"candle store {_options.Symbol} {_options.Interval}");
    }

    // Walk-forward folds arrive as scaled training windows rather than candles.
    internal void UseWindow(TrainingData window)
    {
        _data = window;
        ResetModel();
    }

    /// <summary>Chooses the network and its settings (replaces any trained model).</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void ConfigureModel(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _modelOptions = options;
        ResetModel();
    }

    /// <summary>
    /// The trained model as an <see cref="IForecaster"/> over scaled windows (eager TorchSharp). The trainer owns
    /// it; it stays valid until the trainer trains again or is disposed.
    /// </summary>
    public TorchForecaster CreateForecaster()
    {
        var network = _network ?? throw new InvalidOperationException("Train the model first (TrainAsync).");
        return new TorchForecaster(network, _modelOptions!.ModelType, Data.Spec.WindowLength, Data.FeatureCount, Data.Spec.Horizons, ownsNetwork: false);
    }

    /// <summary>
    /// Saves the trained model as a <c>.psdk</c> bundle: manifest (spec, scaler, training window, metrics, seed,
    /// library versions, what validation repaired or dropped), TorchSharp weights and, when evaluation ran, the evaluation report.
    /// The write is atomic; cancellation leaves no partial file. Building the bundle (ONNX export, calibration) is
    /// CPU-bound work on the calling thread; the file is written asynchronously.
    /// </summary>
    /// <param name="path">The <c>.psdk</c> file to write.</param>
    /// <param name="cancellationToken">Stops the write; any previous file is left as it was.</param>
    public Task SaveModelAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return BuildBundle().SaveAsync(path, cancellationToken);
    }

    /// <summary>As <see cref="SaveModelAsync(string, CancellationToken)"/>, writing the bundle to a stream (left open), e.g. a database blob or an HTTP request.</summary>
    /// <param name="destination">Where the bundle's bytes go.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task SaveModelAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return BuildBundle().SaveAsync(destination, cancellationToken);
    }

    /// <summary>Builds the bundle <see cref="SaveModelAsync(string, CancellationToken)"/> writes (e.g. to add an entry before saving).</summary>
    public ModelBundle BuildBundle()
    {
        var network = _network ?? throw new InvalidOperationException("Train the model first (TrainAsync).");
        var data = Data;
        var history = _history!;
        byte[] weights;
        using (var buffer = new MemoryStream())
        {
            network.save(buffer);
            weights = buffer.ToArray();
        }

        var manifest = new BundleManifest
        {
            Symbol = _options.Symbol.Value,
            Interval = _options.Interval.Name,
            Horizons = [.. data.Spec.Horizons],
            ModelType = _modelOptions!.ModelType,
            ModelOptions = ModelOptionsJson.ToJson(_modelOptions),
            WindowLength = data.Spec.WindowLength,
            FeatureNames = [.. data.Scaler.FeatureNames],
            FeatureSpec = JsonNode.Parse(data.Spec.ToJson())!.AsObject(),
            Scaler = JsonNode.Parse(data.Scaler.ToJson())!.AsObject(),
            TargetScale = [.. data.TargetScale],
            Training = new TrainingWindow(data.FirstBar, data.TrainEnd, data.Fit.Count, data.Validation.Count, history.Epochs.Count, history.BestEpoch),
            Metrics = new Dictionary<string, double>(_metrics),
            Seed = _modelOptions.Seed,
            LibraryVersions = LibraryVersions(),
            DataQuality = data.DataQuality,
        };
        manifest = DescribeOrigin(manifest);
        var entries = new Dictionary<string, byte[]> { [ModelBundle.WeightsEntry] = weights };
        if (_evaluationJson is not null)
        {
            entries[ModelBundle.EvaluationEntry] = JsonSerializer.SerializeToUtf8Bytes(_evaluationJson, new JsonSerializerOptions { WriteIndented = true });
        }

        return AddServingEntries(ModelBundle.Create(manifest, entries));
    }

    /// <inheritdoc />
    public void Dispose() => ResetModel();

    private void ResetModel()
    {
        _network?.Dispose();
        _network = null;
        _history = null;
        _evaluationJson = null;
        _metrics = [];
    }

    private static Dictionary<string, string> LibraryVersions()
    {
        static string Version(Assembly assembly) =>
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";

        return new Dictionary<string, string>
        {
            ["PredictionSdk.Models.Training"] = Version(typeof(ModelTrainer).Assembly),
            ["PredictionSdk.Models"] = Version(typeof(ModelBundle).Assembly),
            ["TorchSharp"] = Version(typeof(TorchSharp.torch).Assembly),
            ["libtorch"] = TorchSharp.torch.__version__,
            [".NET"] = Environment.Version.ToString(),
        };
    }
}
