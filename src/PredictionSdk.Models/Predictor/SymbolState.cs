using PredictionSdk.Indicators;
using PredictionSdk.Models.Features;
using PredictionSdk.Validation;
using PredictionSdk.Models.Calibration;

namespace PredictionSdk.Models;

/// <summary>
/// Per-symbol serving state: the feature pipeline, the last <c>window</c> scaled rows in a ring, the latest bar and
/// (unless the caller reports them itself) the <see cref="ReportedIndicators"/>. Not thread-safe; the predictor
/// serialises access.
/// </summary>
internal sealed class SymbolState
{
    private readonly FeaturePipeline _pipeline;
    private readonly RobustScaler _scaler;
    private readonly int _window;
    private readonly int _features;
    private readonly float[] _ring;
    private readonly float[] _scratchWindow;
    private readonly float[] _previewRow;
    private readonly HorizonForecast[] _scratchForecasts;
    private readonly IndicatorSet? _reported;
    private readonly IntervalFeedback _feedback;
    private readonly IntervalDetector _spacing = new();
    private int _next;
    private int _readyRows;
    private Candle _last;

    /// <param name="model">The model served.</param>
    /// <param name="adaptationRate">Step of the online interval adaptation; 0 keeps the calibrated intervals.</param>
    /// <param name="reportIndicators">
    /// Attach the reported indicators to each prediction; false when the caller (the streaming pipeline) keeps them
    /// itself, so they are computed once per bar.
    /// </param>
    /// <param name="scaler">The scaler of the symbol served (a pooled model has one per symbol); null for the model's.</param>
    public SymbolState(LoadedModel model, double adaptationRate = 0, bool reportIndicators = true, RobustScaler? scaler = null)
    {
        _reported = reportIndicators ? ReportedIndicators.Create() : null;
        _feedback = new IntervalFeedback(adaptationRate);
        _pipeline = new FeaturePipeline(model.Spec);
        _scaler = scaler ?? model.Scaler;
        _window = model.Spec.WindowLength;
        _features = _pipeline.FeatureCount;
        _ring = new float[_window * _features];
        _scratchWindow = new float[_window * _features];
        _previewRow = new float[_features];
        _scratchForecasts = new HorizonForecast[model.Spec.Horizons.Count];
        RequiredHistory = _pipeline.WarmupBars + _window - 1;
    }

    public int RequiredHistory { get; }

    public long Observed { get; private set; }

    public bool IsReady => _pipeline.IsReady && _readyRows >= _window;

    public Interval Interval => _pipeline.Spec.Interval;

    public bool ObserveContext(Symbol contextSymbol, in Candle bar) => _pipeline.ObserveContext(contextSymbol, bar);

    public long ContextStaleBars => _pipeline.ContextStaleRows;

    public void Observe(in Candle bar)
    {
        var row = _pipeline.Update(bar);
        _scaler.Transform(row, _ring.AsSpan(_next * _features, _features));
        _next = (_next + 1) % _window;
        _readyRows = _pipeline.IsReady ? Math.Min(_readyRows + 1, _window) : 0;
        _last = bar;
        _reported?.Add(bar);
        _spacing.Add(bar.Timestamp);
        Observed++;
        _feedback.Resolve(Observed, bar.Close);
    }

    /// <summary>
    /// Appends to <paramref name="output"/> the prediction for horizon <paramref name="horizonIndex"/>, or for every
    /// horizon of the model when it is null, all from one inference; from the committed bars, or as if
    /// <paramref name="preview"/> (the open bar) closed now.
    /// </summary>
    public void Predict(Symbol symbol, IReadOnlyList<(LoadedModel Model, double Weight)> members, int? horizonIndex, double level, Candle? preview, ICollection<Prediction> output)
    {
        CheckSpacing(symbol);
        Candle bar;
        TechnicalIndicators? indicators;
        if (preview is { } open)
        {
            // The open bar becomes the newest row; the oldest committed row drops out.
            if (!(_pipeline.IsReady && _readyRows >= _window - 1) || Observed == 0)
            {
                throw new InsufficientDataException($"Preview for {symbol}", RequiredHistory - 1, (int)Math.Min(Observed, int.MaxValue));
            }

            _scaler.Transform(_pipeline.Preview(open), _previewRow);
            _pipeline.ThrowIfStale(symbol.ToString());
            CopyWindow(_scratchWindow, skipOldest: 1);
            _previewRow.CopyTo(_scratchWindow.AsSpan((_window - 1) * _features));
            bar = open;
            indicators = _reported is null ? null : ReportedIndicators.Read(_reported.Preview(open)).ToTechnicalIndicators();
        }
        else
        {
            if (!IsReady)
            {
                _pipeline.ThrowIfStale(symbol.ToString());
                throw new InsufficientDataException($"Prediction for {symbol}", RequiredHistory, (int)Math.Min(Observed, int.MaxValue));
            }

            CopyWindow(_scratchWindow, skipOldest: 0);
            bar = _last;
            indicators = CommittedIndicators();
        }

        int horizons = _scratchForecasts.Length;
        var blends = Combine(members, _scratchWindow, 1, level, _scratchForecasts);
        int first = horizonIndex ?? 0, last = horizonIndex ?? (horizons - 1);
        for (int k = first; k <= last; k++)
        {
            var combined = blends[k];
            double floor = members[0].Model.Calibration?.Horizons[k].WidthFloor ?? 1e-6;
            var (lower, upper) = _feedback.Issue(combined.Horizon, level, floor, preview is null ? Observed : null, bar.Close, combined.Lower, combined.Upper);
            output.Add(Build(symbol, bar, combined with { Lower = lower, Upper = upper }, level, indicators, members));
        }
    }

    /// <summary>
    /// The committed-bar half of <see cref="Predict"/> before inference: checks the state and copies its window into
    /// <paramref name="destination"/>. <see cref="PredictAllBatched"/> runs many of these through one inference.
    /// </summary>
    private void PrepareCommitted(Symbol symbol, Span<float> destination)
    {
        CheckSpacing(symbol);
        if (!IsReady)
        {
            _pipeline.ThrowIfStale(symbol.ToString());
            throw new InsufficientDataException($"Prediction for {symbol}", RequiredHistory, (int)Math.Min(Observed, int.MaxValue));
        }

        CopyWindow(destination, skipOldest: 0);
    }

    /// <summary>The committed-bar half of <see cref="Predict"/> after inference, for every horizon: the same steps in the same order.</summary>
    private void FinishCommitted(Symbol symbol, IReadOnlyList<(LoadedModel Model, double Weight)> members, ReadOnlySpan<Blend> blends, double level, ICollection<Prediction> output)
    {
        var indicators = CommittedIndicators();
        for (int k = 0; k < blends.Length; k++)
        {
            var combined = blends[k];
            double floor = members[0].Model.Calibration?.Horizons[k].WidthFloor ?? 1e-6;
            var (lower, upper) = _feedback.Issue(combined.Horizon, level, floor, Observed, _last.Close, combined.Lower, combined.Upper);
            output.Add(Build(symbol, _last, combined with { Lower = lower, Upper = upper }, level, indicators, members));
        }
    }

    /// <summary>
    /// Every horizon of each state's committed bars, with one inference per member for all of them. Each state's
    /// predictions are what <see cref="Predict"/> gives it alone, bit for bit (the forecaster's rows do not depend on
    /// the batch); a state that cannot predict gets the exception <see cref="Predict"/> would throw in
    /// <paramref name="errors"/> and nothing in its output.
    /// </summary>
    public static void PredictAllBatched(IReadOnlyList<SymbolState> states, IReadOnlyList<Symbol> symbols, IReadOnlyList<(LoadedModel Model, double Weight)> members, double level, IReadOnlyList<ICollection<Prediction>> outputs, Exception?[] errors)
    {
        if (states.Count == 0)
        {
            return;
        }

        int size = states[0]._window * states[0]._features;
        int horizons = states[0]._scratchForecasts.Length;
        var ready = new int[states.Count];
        int count = 0;
        float[] windows = System.Buffers.ArrayPool<float>.Shared.Rent(states.Count * size);
        try
        {
            for (int i = 0; i < states.Count; i++)
            {
                try
                {
                    states[i].PrepareCommitted(symbols[i], windows.AsSpan(count * size, size));
                    ready[count++] = i;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    errors[i] = ex;
                }
            }

            if (count == 0)
            {
                return;
            }

            Blend[] blends;
            try
            {
                blends = Combine(members, windows.AsSpan(0, count * size), count, level, new HorizonForecast[count * horizons]);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A non-finite output names one window of the batch: predict each alone, so the error lands on its symbol only.
                for (int j = 0; j < count; j++)
                {
                    int i = ready[j];
                    try
                    {
                        states[i].Predict(symbols[i], members, horizonIndex: null, level, preview: null, outputs[i]);
                    }
                    catch (Exception single) when (single is not OperationCanceledException)
                    {
                        errors[i] = single;
                    }
                }

                return;
            }

            for (int j = 0; j < count; j++)
            {
                int i = ready[j];
                try
                {
                    states[i].FinishCommitted(symbols[i], members, blends.AsSpan(j * horizons, horizons), level, outputs[i]);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    errors[i] = ex;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(windows);
        }
    }

    public static IReadOnlyList<Prediction> PredictMany(SymbolState[] states, Symbol[] symbols, IReadOnlyList<(LoadedModel Model, double Weight)> members, int horizonIndex, double level)
    {
        if (states.Length == 0)
        {
            return [];
        }

        for (int i = 0; i < states.Length; i++)
        {
            states[i].CheckSpacing(symbols[i]);
        }

        int size = states[0]._window * states[0]._features;
        var windows = new float[states.Length * size];
        for (int i = 0; i < states.Length; i++)
        {
            states[i].CopyWindow(windows.AsSpan(i * size, size), skipOldest: 0);
        }

        int horizons = states[0]._scratchForecasts.Length;
        var forecasts = new HorizonForecast[states.Length * horizons];
        var combined = Combine(members, windows, states.Length, level, forecasts);
        var result = new Prediction[states.Length];
        for (int i = 0; i < states.Length; i++)
        {
            var s = states[i];
            result[i] = Build(symbols[i], s._last, combined[(i * horizons) + horizonIndex], level, s.CommittedIndicators(), members);
        }

        return result;
    }

    /// <summary>Blends of every horizon of <paramref name="count"/> windows, window-major: entry <c>i · horizons + k</c>.</summary>
    private static Blend[] Combine(IReadOnlyList<(LoadedModel Model, double Weight)> members, ReadOnlySpan<float> windows, int count, double level, HorizonForecast[] scratch)
    {
        int horizons = members[0].Model.Spec.Horizons.Count;
        var blends = new Blend[count * horizons];
        double totalWeight = 0;
        foreach (var (model, weight) in members)
        {
            model.Forecaster.ForecastBatch(windows, count, scratch.AsSpan(0, count * horizons));
            for (int j = 0; j < blends.Length; j++)
            {
                int horizonIndex = j % horizons;
                var f = scratch[j];
                // Members blend their intervals and direction probabilities; the point forecast is read off the
                // blended distribution in Build, so no member's median enters it.
                double lower, upper, up;
                if (model.Calibration is { } calibration)
                {
                    var c = calibration.Apply(f, horizonIndex, level);
                    (lower, upper, up) = (c.Lower, c.Upper, c.UpProbability);
                }
                else
                {
                    (lower, upper, up) = (Math.Min(f.Q05, f.Q95), Math.Max(f.Q05, f.Q95), f.UpProbability);
                }

                blends[j] = new Blend(f.Horizon, blends[j].Lower + (weight * lower), blends[j].Upper + (weight * upper), blends[j].Up + (weight * up));
            }

            totalWeight += weight;
        }

        for (int j = 0; j < blends.Length; j++)
        {
            var b = blends[j];
            blends[j] = new Blend(b.Horizon, b.Lower / totalWeight, b.Upper / totalWeight, Math.Clamp(b.Up / totalWeight, 0, 1));
        }

        return blends;
    }

    private static Prediction Build(Symbol symbol, in Candle bar, Blend b, double level, TechnicalIndicators? indicators, IReadOnlyList<(LoadedModel Model, double Weight)> members)
    {
        double close = bar.Close;
        bool calibrated = members.All(m => m.Model.Calibration is not null);
        double coverage = calibrated ? level : 0.9;
        if (!double.IsFinite(b.Lower) || !double.IsFinite(b.Upper) || !double.IsFinite(b.Up))
        {
            throw new InvalidOperationException($"The model produced a non-finite prediction for {symbol} at {bar.Timestamp:O}.");
        }

        // Price, direction, confidence and interval are all read off one predictive distribution of the return (the
        // blended interval and direction probability), so they cannot contradict each other.
        var distribution = PredictiveDistribution.From(b.Lower, b.Upper, coverage, b.Up);
        double predicted = close * Math.Exp(distribution.Median);
        double lower = close * Math.Exp(distribution.Lower);
        double upper = close * Math.Exp(distribution.Upper);
        if (!double.IsFinite(predicted) || !double.IsFinite(lower) || !double.IsFinite(upper))
        {
            throw new InvalidOperationException($"The model produced a non-finite prediction for {symbol} at {bar.Timestamp:O}.");
        }

        // The direction is the sign of the price move itself: a median return too small to move a double price is flat.
        var direction = predicted > close ? Direction.Up : predicted < close ? Direction.Down : Direction.Flat;
        double confidence = direction switch
        {
            Direction.Up => distribution.UpProbability,
            Direction.Down => 1 - distribution.UpProbability,
            _ => Math.Max(distribution.UpProbability, 1 - distribution.UpProbability),
        };

        var interval = Interval.Parse(members[0].Model.Spec.BaseInterval);
        return new Prediction
        {
            Symbol = symbol,
            Timestamp = bar.Timestamp,
            TargetTime = bar.Timestamp + (interval.Duration * (b.Horizon + 1)),
            Horizon = b.Horizon,
            Interval = interval,
            CurrentPrice = close,
            PredictedPrice = predicted,
            Direction = direction,
            Confidence = confidence,
            Lower = lower,
            Upper = upper,
            IntervalCoverage = coverage,
            Indicators = indicators,
            ModelVersion = string.Join("+", members.Select(m => m.Model.Version)),
        };
    }

    private TechnicalIndicators? CommittedIndicators() =>
        _reported is null ? null : ReportedIndicators.Read(_reported.Values).ToTechnicalIndicators();

    // Bars of another interval (5m bars fed to a 1m model) pass every per-bar rule; their spacing gives them away.
    private void CheckSpacing(Symbol symbol)
    {
        if (_spacing.Contradicts(Interval, out _))
        {
            _spacing.ThrowIfContradicts(Interval, null, $"the model for {symbol}");
        }
    }

    private void CopyWindow(Span<float> destination, int skipOldest)
    {
        // _next is the oldest row; copy rows oldest first, dropping the first skipOldest of them.
        int rows = _window - skipOldest;
        for (int r = 0; r < rows; r++)
        {
            int slot = (_next + skipOldest + r) % _window;
            _ring.AsSpan(slot * _features, _features).CopyTo(destination.Slice(r * _features, _features));
        }
    }

    private readonly record struct Blend(int Horizon, double Lower, double Upper, double Up);
}
