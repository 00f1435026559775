using System.Runtime.ExceptionServices;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Onnx;

namespace PredictionSdk.Models;

/// <summary>
/// Predicts the next bars of one symbol from its closed bars with an exported model (ONNX Runtime, no
/// libtorch): calibrated direction confidence, conformal interval bounds and the usual indicators.
/// </summary>
/// <remarks>
/// Create it from a bundle (<see cref="LoadAsync(string, StockCryptoPredictorOptions?, CancellationToken)"/>,
/// <see cref="FromBundle"/>), which says the symbol, interval and model type; or with the constructor and
/// <see cref="LoadModel(string)"/>, which checks the bundle against what the constructor was given.
/// Feed closed bars with <see cref="Observe(in Candle)"/>; once <see cref="IsReady"/>, call
/// <see cref="PredictNextBar"/> or <see cref="Predict"/>. Thread-safe: calls are serialised per instance
/// (the ONNX session itself runs concurrently across instances).
/// <see cref="ModelType.Ensemble"/> loads several bundles (one <see cref="LoadModel(string)"/> call each, or a folder of
/// <c>.psdk</c> files) with the same feature spec and averages them weighted by validation score.
/// </remarks>
public sealed partial class StockCryptoPredictor : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(LoadedModel Model, double Weight)> _members = [];
    private readonly List<Prediction> _one = new(1);
    private SymbolState? _state;
    private bool _disposed;
    private bool _sharedMembers;

    /// <summary>
    /// Creates a predictor; call <see cref="LoadModel(string)"/> next, which refuses a bundle of another symbol
    /// (unless <see cref="BundleSymbol"/> maps it), interval or model type.
    /// </summary>
    /// <param name="symbol">Instrument, e.g. <c>BTC-USD</c>.</param>
    /// <param name="interval">Bar interval of the model and of the observed candles.</param>
    /// <param name="modelType">Network type the bundle must hold, or <see cref="ModelType.Ensemble"/>.</param>
    public StockCryptoPredictor(Symbol symbol, Interval interval, ModelType modelType = ModelType.Hybrid)
    {
        if (interval.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("The interval is not set.", nameof(interval));
        }

        Symbol = symbol;
        Interval = interval;
        ModelType = modelType;
    }

    /// <summary>Instrument.</summary>
    public Symbol Symbol { get; }

    /// <summary>Bar interval.</summary>
    public Interval Interval { get; }

    /// <summary>Model type.</summary>
    public ModelType ModelType { get; }

    /// <summary>
    /// The symbol the bundle was trained on, when it differs from <see cref="Symbol"/>: an explicit mapping, e.g. a
    /// <c>BTC-USD</c> bundle served for <c>BTC-USDT</c> bars. Null (default): the bundle's symbol must be
    /// <see cref="Symbol"/>, otherwise loading throws <see cref="ModelSymbolMismatchException"/>.
    /// </summary>
    public Symbol? BundleSymbol { get; init; }

    /// <summary>Settings of the ONNX sessions created by <see cref="LoadModel(string)"/>.</summary>
    public OnnxForecasterOptions SessionOptions { get; init; } = new();

    /// <summary>Nominal coverage of the reported interval: 0.8, 0.9 (default) or 0.95.</summary>
    public double IntervalLevel { get; init; } = 0.9;

    /// <summary>
    /// Step size of the online interval adaptation (<see cref="Calibration.AdaptiveConformal"/>): each interval
    /// issued from a closed bar is scored when its target bar closes, and later intervals widen after misses and
    /// narrow after hits so that live coverage tracks <see cref="IntervalLevel"/> when markets drift away from the
    /// calibration window. 0 reports the static split-conformal intervals. Default
    /// <see cref="Calibration.AdaptiveConformal.DefaultRate"/>.
    /// </summary>
    public double IntervalAdaptationRate
    {
        get;
        init
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The adaptation rate must be in [0, 1).");
            }

            field = value;
        }
    } = Calibration.AdaptiveConformal.DefaultRate;

    /// <summary>
    /// Attach the reported indicators (<see cref="Indicators.ReportedIndicators"/>) to each prediction. The streaming
    /// pipeline keeps them itself and turns this off, so they are computed once per bar. Default true.
    /// </summary>
    public bool ReportIndicators { get; init; } = true;

    /// <summary>Closed bars needed, without gaps, before the first prediction (feature warm-up plus window); 0 before a model is loaded.</summary>
    public int RequiredHistory
    {
        get
        {
            lock (_gate)
            {
                return _state?.RequiredHistory ?? 0;
            }
        }
    }

    /// <summary>True once a model is loaded and enough bars were observed to predict.</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _state?.IsReady ?? false;
            }
        }
    }

    /// <summary>Closed bars observed since the model was loaded.</summary>
    public long ObservedBars
    {
        get
        {
            lock (_gate)
            {
                return _state?.Observed ?? 0;
            }
        }
    }

    /// <summary>Horizons (in bars) the loaded model predicts.</summary>
    public IReadOnlyList<int> Horizons
    {
        get
        {
            lock (_gate)
            {
                return _members.Count == 0 ? [] : _members[0].Model.Spec.Horizons;
            }
        }
    }

    /// <summary>Version of the loaded model (for an ensemble, the members' versions joined by <c>+</c>).</summary>
    public string ModelVersion
    {
        get
        {
            lock (_gate)
            {
                return string.Join("+", _members.Select(m => m.Model.Version));
            }
        }
    }

    /// <summary>
    /// Loads a <c>.psdk</c> bundle (for an ensemble: adds one, or every <c>.psdk</c> in a folder). Observed history
    /// is reset.
    /// </summary>
    /// <exception cref="ModelSymbolMismatchException">The bundle was trained on another symbol and <see cref="BundleSymbol"/> does not map it.</exception>
    /// <exception cref="ModelLoadException">The bundle is missing, truncated or corrupted, of an unknown format version, has no ONNX graph, holds another model type or interval, or its feature spec does not match this library or the other ensemble members.</exception>
    public void LoadModel(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string[] files = ModelType == ModelType.Ensemble && Directory.Exists(path)
            ? Directory.GetFiles(path, "*.psdk").Order(StringComparer.Ordinal).ToArray()
            : [path];
        if (files.Length == 0)
        {
            throw new ModelLoadException(path, "the folder holds no .psdk bundle.");
        }

        Use(path, files.Select(file => (Func<LoadedModel>)(() => LoadedModel.Load(file, SessionOptions))).ToArray(), files);
    }

    /// <summary>
    /// Serves a bundle already read with <see cref="ModelBundle.Load(string)"/> (for an ensemble: adds it), so a caller
    /// that looked at its manifest first does not read the file twice. Observed history is reset.
    /// </summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="source">Name of the bundle in error messages, e.g. its path.</param>
    /// <exception cref="ModelSymbolMismatchException">The bundle was trained on another symbol and <see cref="BundleSymbol"/> does not map it.</exception>
    /// <exception cref="ModelLoadException">The bundle has no ONNX graph, holds another model type or interval, or its feature spec does not match this library or the other ensemble members.</exception>
    public void LoadModel(ModelBundle bundle, string source = "bundle")
    {
        ArgumentNullException.ThrowIfNull(bundle);
        Use(source, [() => LoadedModel.FromBundle(bundle, source, SessionOptions)], [source]);
    }

    private void Use(string path, Func<LoadedModel>[] loaders, string[] files)
    {
        var loaded = new List<LoadedModel>();
        try
        {
            for (int i = 0; i < loaders.Length; i++)
            {
                var model = loaders[i]();
                loaded.Add(model);
                Check(model, files[i]);
                CheckSymbol(model, files[i]);
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (ModelType != ModelType.Ensemble || _sharedMembers)
                {
                    DisposeMembers();
                }

                var reference = _members.Count > 0 ? _members[0].Model : loaded[0];
                foreach (var model in loaded)
                {
                    if (!model.Spec.Equals(reference.Spec) || !model.Bundle.Manifest.FeatureNames.SequenceEqual(reference.Bundle.Manifest.FeatureNames))
                    {
                        throw new ModelLoadException(path, "feature spec mismatch: every ensemble member must use the same feature spec.");
                    }
                }

                foreach (var model in loaded)
                {
                    _members.Add((model, model.ValidationWeight()));
                }

                loaded.Clear();
                _state = new SymbolState(_members[0].Model, IntervalAdaptationRate, ReportIndicators, _members[0].Model.ScalerFor(BundleSymbol ?? Symbol));
            }
        }
        finally
        {
            foreach (var model in loaded)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>
    /// Serves <paramref name="model"/>, loaded once with <see cref="LoadedModel.Load"/> and shared by many predictors:
    /// one ONNX session and one copy of the weights for every symbol of a stream instead of one per symbol. Sharing is
    /// safe because a <see cref="LoadedModel"/> is never changed after loading and its forecaster is thread-safe; the
    /// per-symbol state (features, interval adaptation) stays in each predictor. Serving a model to other symbols
    /// than the one it was trained on is what sharing is for, so the symbol is not checked: calling this is the mapping.
    /// The caller owns the model: this
    /// predictor never disposes it, so it must outlive every predictor using it. Observed history is reset.
    /// </summary>
    /// <exception cref="ModelLoadException">The model is of another type or interval.</exception>
    public void UseSharedModel(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(model, "the shared model");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DisposeMembers();
            _members.Add((model, model.ValidationWeight()));
            _sharedMembers = true;
            _state = new SymbolState(model, IntervalAdaptationRate, ReportIndicators, model.ScalerFor(BundleSymbol ?? Symbol));
        }
    }

    /// <summary>Commits a closed bar (bars must arrive in time order).</summary>
    /// <exception cref="InvalidOperationException">No model is loaded.</exception>
    /// <exception cref="Features.FeatureException">The bar is out of order or invalid; nothing is changed.</exception>
    public void Observe(in Candle closedBar)
    {
        lock (_gate)
        {
            State().Observe(closedBar);
        }
    }

    /// <summary>Commits closed bars in order.</summary>
    public void Observe(IEnumerable<Candle> closedBars)
    {
        ArgumentNullException.ThrowIfNull(closedBars);
        lock (_gate)
        {
            var state = State();
            foreach (var bar in closedBars)
            {
                state.Observe(bar);
            }
        }
    }

    /// <summary>Predicts the close of the next bar, whatever the interval (the model's horizon 1).</summary>
    /// <exception cref="InsufficientDataException">Fewer bars were observed than <see cref="RequiredHistory"/>.</exception>
    public Prediction PredictNextBar() => Predict(1);

    /// <summary>Predicts the close of the next one-minute bar: <see cref="PredictNextBar"/> for a 1-minute model.</summary>
    /// <exception cref="InvalidOperationException">The model is not a 1-minute model; use <see cref="PredictNextBar"/>.</exception>
    /// <exception cref="InsufficientDataException">Fewer bars were observed than <see cref="RequiredHistory"/>.</exception>
    public Prediction PredictNextMinute()
    {
        EnsureOneMinute(nameof(PredictNextBar));
        return PredictNextBar();
    }

    /// <summary>Predicts the close <paramref name="horizon"/> bars ahead; the horizon must be one the model was trained for.</summary>
    /// <exception cref="InsufficientDataException">Fewer bars were observed than <see cref="RequiredHistory"/>.</exception>
    /// <exception cref="IntervalMismatchException">The observed bars are of another interval than the model's (e.g. 5m bars for a 1m model).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The model does not predict <paramref name="horizon"/>.</exception>
    public Prediction Predict(int horizon)
    {
        lock (_gate)
        {
            var state = State();
            _one.Clear();
            state.Predict(Symbol, _members, HorizonIndex(horizon), IntervalLevel, preview: null, _one);
            return _one[0];
        }
    }

    /// <summary>Predicts every horizon the model holds (<see cref="Horizons"/>, in that order) from one inference.</summary>
    /// <exception cref="InsufficientDataException">Fewer bars were observed than <see cref="RequiredHistory"/>.</exception>
    public IReadOnlyList<Prediction> PredictAll()
    {
        var predictions = new List<Prediction>();
        PredictAll(predictions);
        return predictions;
    }

    /// <summary>As <see cref="PreviewNextBar"/> for a 1-minute model.</summary>
    /// <exception cref="InvalidOperationException">The model is not a 1-minute model; use <see cref="PreviewNextBar"/>.</exception>
    /// <exception cref="InsufficientDataException">Too few bars were observed.</exception>
    public Prediction PreviewNextMinute(in Candle openBar)
    {
        EnsureOneMinute(nameof(PreviewNextBar));
        return PreviewNextBar(openBar);
    }

    /// <summary>Predicts the next bar as if <paramref name="openBar"/> closed now, without changing any state.</summary>
    /// <exception cref="InsufficientDataException">Too few bars were observed.</exception>
    public Prediction PreviewNextBar(in Candle openBar)
    {
        lock (_gate)
        {
            var state = State();
            _one.Clear();
            state.Predict(Symbol, _members, HorizonIndex(1), IntervalLevel, openBar, _one);
            return _one[0];
        }
    }

    /// <summary>Predicts every horizon as if <paramref name="openBar"/> closed now, without changing any state.</summary>
    /// <exception cref="InsufficientDataException">Too few bars were observed.</exception>
    public IReadOnlyList<Prediction> PreviewAll(in Candle openBar)
    {
        var predictions = new List<Prediction>();
        PreviewAll(openBar, predictions);
        return predictions;
    }

    /// <summary>Appends one prediction per horizon to <paramref name="output"/> (no list is allocated).</summary>
    /// <exception cref="InsufficientDataException">Fewer bars were observed than <see cref="RequiredHistory"/>.</exception>
    public void PredictAll(ICollection<Prediction> output)
    {
        lock (_gate)
        {
            State().Predict(Symbol, _members, horizonIndex: null, IntervalLevel, preview: null, output);
        }
    }

    /// <summary>Appends one preview per horizon to <paramref name="output"/> (no list is allocated).</summary>
    /// <exception cref="InsufficientDataException">Too few bars were observed.</exception>
    public void PreviewAll(in Candle openBar, ICollection<Prediction> output)
    {
        lock (_gate)
        {
            State().Predict(Symbol, _members, horizonIndex: null, IntervalLevel, openBar, output);
        }
    }

    /// <summary>
    /// Predicts for many symbols or windows with this predictor's model in one batched ONNX call per member:
    /// each entry's history is run through a fresh feature pipeline (this predictor's own state is untouched).
    /// </summary>
    /// <param name="histories">Per symbol, its closed bars in time order (at least <see cref="RequiredHistory"/>).</param>
    /// <param name="horizon">Bars ahead.</param>
    /// <exception cref="InsufficientDataException">A history is too short; the message names its symbol.</exception>
    /// <exception cref="ModelSymbolMismatchException">The model is pooled and a history's symbol is not in its pool.</exception>
    /// <exception cref="Features.ContextUnavailableException">The model reads context symbols, which histories do not carry.</exception>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<KeyValuePair<Symbol, IReadOnlyList<Candle>>> histories, int horizon = 1)
    {
        ArgumentNullException.ThrowIfNull(histories);
        lock (_gate)
        {
            int index = HorizonIndex(horizon);
            ThrowIfContextModel(histories);
            var states = new SymbolState[histories.Count];

            // Warming a fresh feature pipeline over each history costs far more than the batched inference; the
            // histories are independent, so they are replayed on all cores.
            try
            {
                Parallel.For(0, histories.Count, i =>
                {
                    var state = new SymbolState(_members[0].Model, scaler: ScalerForBatch(histories[i].Key));
                    foreach (var bar in histories[i].Value)
                    {
                        state.Observe(bar);
                    }

                    states[i] = state;
                });
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count >= 1)
            {
                ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            }

            for (int i = 0; i < states.Length; i++)
            {
                if (!states[i].IsReady)
                {
                    throw new InsufficientDataException($"Prediction for {histories[i].Key}", states[i].RequiredHistory, histories[i].Value.Count);
                }
            }

            return SymbolState.PredictMany(states, histories.Select(h => h.Key).ToArray(), _members, index, IntervalLevel);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DisposeMembers();
        }
    }

    private void Check(LoadedModel model, string file)
    {
        var manifest = model.Bundle.Manifest;
        if (ModelType != ModelType.Ensemble && manifest.ModelType != ModelType)
        {
            throw new ModelLoadException(file, $"it holds a {manifest.ModelType} model but the predictor was created for {ModelType}.");
        }

        if (model.Spec.Interval != Interval)
        {
            throw new ModelLoadException(file, $"feature spec mismatch: the model uses {model.Spec.BaseInterval} bars but the predictor was created for {Interval.Name}.");
        }
    }

    private void EnsureOneMinute(string instead)
    {
        if (Interval != Interval.OneMinute)
        {
            throw new InvalidOperationException($"The model predicts {Interval.Name} bars, not minutes; call {instead}.");
        }
    }

    private SymbolState State()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _state ?? throw new InvalidOperationException("No model is loaded; call LoadModel first.");
    }

    private int HorizonIndex(int horizon)
    {
        var horizons = _members[0].Model.Spec.Horizons;
        for (int i = 0; i < horizons.Count; i++)
        {
            if (horizons[i] == horizon)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The model predicts horizons {string.Join(", ", horizons)} only.");
    }

    private void DisposeMembers()
    {
        if (!_sharedMembers)
        {
            foreach (var (model, _) in _members)
            {
                model.Dispose();
            }
        }

        _sharedMembers = false;
        _members.Clear();
        _state = null;
    }
}
