using PredictionSdk.Models.Features.Internal;
using PredictionSdk.Validation;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Cross-asset context (<see cref="FeatureSpec.Context"/>): context symbols' bars arrive through
/// <see cref="ObserveContext"/>, each is turned into its values once (from that symbol's own bars only), and every
/// target row reads, per context symbol, the newest context bar opening at or before the target bar: the same minute,
/// or one carried forward up to <see cref="ContextSpec.MaxAgeBars"/>. Older or absent context makes the row not ready,
/// the way a stale external series does. Batch (<see cref="TransformWithContext"/>)
/// makes the same calls in time order, so its rows equal the live ones whenever each context bar arrives before the
/// target bar of its minute.
/// </summary>
public sealed partial class FeaturePipeline
{
    private ContextTrack[] _contextTracks = [];
    private string[][] _contextNames = [];
    private int _contextMaxAge;
    private string? _staleContext;
    private long? _staleContextAge;
    private DateTime _staleContextAt;
    private bool _contextWarm = true;

    /// <summary>Context symbols this pipeline reads, in column order (empty without <see cref="FeatureSpec.Context"/>).</summary>
    public IReadOnlyList<string> ContextSymbols => Spec.Context?.Symbols ?? [];

    /// <summary>The first context symbol whose bar was missing beyond <see cref="ContextSpec.MaxAgeBars"/> (or never seen) for the row computed last, or null.</summary>
    public string? StaleContext => _staleContext;

    /// <summary>Committed rows that were not usable because a context symbol's bar was missing beyond <see cref="ContextSpec.MaxAgeBars"/>.</summary>
    public long ContextStaleRows { get; private set; }

    /// <summary>Committed rows that read a context bar carried forward from an earlier minute (within <see cref="ContextSpec.MaxAgeBars"/>).</summary>
    public long ContextCarriedRows { get; private set; }

    /// <summary>Context bars ignored because they did not follow the symbol's previous context bar in time (duplicates, late resends).</summary>
    public long ContextBarsIgnored { get; private set; }

    /// <summary>
    /// Accepts the next closed bar of context symbol <paramref name="symbol"/>. Returns false, changing nothing, when the
    /// spec does not read that symbol or the bar does not follow the symbol's previous context bar in time.
    /// </summary>
    /// <exception cref="FeatureException">The bar breaks a rule of <see cref="CandleRules"/>, or the spec's order-flow group is on and the bar has no order flow.</exception>
    public bool ObserveContext(Symbol symbol, in Candle closedBar)
    {
        var track = Array.Find(_contextTracks, t => t.Symbol == symbol.Value);
        if (track is null)
        {
            return false;
        }

        if (track.Last is { } last && closedBar.Timestamp <= last)
        {
            ContextBarsIgnored++;
            return false;
        }

        var verdict = CandleRules.Check(closedBar, _baseInterval);
        if (verdict.IsRejected)
        {
            throw new FeatureException($"context.{symbol}.input.{verdict.Field}", closedBar.Timestamp, verdict.Value, $"{verdict.Rule}: {verdict.Reason}");
        }

        try
        {
            CheckOrderFlow(closedBar);
        }
        catch (FeatureException ex)
        {
            throw new FeatureException($"context.{symbol}.{ex.Feature}", closedBar.Timestamp, ex.Value, "the spec's order-flow group needs every context bar to report its order flow too");
        }

        track.Add(closedBar);
        return true;
    }

    /// <summary>Throws <see cref="ContextUnavailableException"/> when the row computed last had a context symbol's bar missing beyond its age limit.</summary>
    public void ThrowIfContextUnavailable(string symbol)
    {
        if (_staleContext is { } context)
        {
            throw new ContextUnavailableException(symbol, context, _staleContextAt, _staleContextAge, _contextMaxAge);
        }
    }

    private void InitializeContext(FeatureSpec spec)
    {
        _contextMaxAge = spec.Context?.MaxAgeBars ?? 0;
        _contextTracks = (spec.Context?.Symbols ?? []).Select(s => new ContextTrack(s, spec.HasOrderFlow)).ToArray();
        _contextNames = _contextTracks.Select(t => t.ValueNames.Select(n => $"ctx_{t.Symbol}_{n}").Append($"ctx_{t.Symbol}_age").ToArray()).ToArray();
    }

    private bool ContextReady() => _staleContext is null && _contextWarm;

    /// <summary>Emits each context symbol's values as of <paramref name="bar"/> (after the order-flow group).</summary>
    private void ComputeContext(in Candle bar, bool commit)
    {
        if (_contextTracks.Length == 0)
        {
            return;
        }

        bool describe = _describe is not null;
        _staleContext = null;
        _contextWarm = true;
        bool carried = false;
        for (int i = 0; i < _contextTracks.Length; i++)
        {
            var track = _contextTracks[i];
            string[] names = _contextNames[i];
            long? age = null;
            ReadOnlySpan<double> values = default;
            if (!describe && track.TryGetAsOf(bar.Timestamp, out values, out var openTime, out long number))
            {
                age = (bar.Timestamp - openTime).Ticks / _baseInterval.Duration.Ticks;
                _contextWarm &= number > ContextTrack.WarmupBars;
            }

            bool stale = !describe && (age is null || age > _contextMaxAge);
            for (int k = 0; k < names.Length - 1; k++)
            {
                Emit(names[k], stale || describe ? 0 : values[k]);
            }

            Emit(names[^1], stale || describe ? _contextMaxAge + 1 : age!.Value);
            carried |= !stale && age > 0;
            if (stale && _staleContext is null)
            {
                (_staleContext, _staleContextAt, _staleContextAge) = (track.Symbol, bar.Timestamp, age);
            }
        }

        if (commit && !describe)
        {
            ContextStaleRows += _staleContext is null ? 0 : 1;
            ContextCarriedRows += _staleContext is null && carried ? 1 : 0;
        }
    }

    private void ResetContext()
    {
        foreach (var track in _contextTracks)
        {
            track.Reset();
        }

        _staleContext = null;
        _contextWarm = true;
        ContextStaleRows = 0;
        ContextCarriedRows = 0;
        ContextBarsIgnored = 0;
    }

    /// <summary>
    /// Batch mode with context: a fresh pipeline fed, for each target candle in order, first every context bar opening
    /// at or before it (<see cref="ObserveContext"/>), then the candle (<see cref="Update"/>): the calls a live feed makes
    /// when context bars arrive in time, so the rows are the live rows, bit for bit.
    /// </summary>
    /// <param name="candles">The target symbol's bars, oldest first.</param>
    /// <param name="spec">The features to compute; its <see cref="FeatureSpec.Context"/> names the context symbols.</param>
    /// <param name="context">Each context symbol's bars, oldest first.</param>
    /// <param name="extensions">Custom features and external series; null for <see cref="FeatureExtensions.Shared"/>.</param>
    /// <exception cref="ArgumentException">A context symbol of the spec has no bars in <paramref name="context"/>.</exception>
    public static FeatureMatrix TransformWithContext(IReadOnlyList<Candle> candles, FeatureSpec spec, IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>>? context, FeatureExtensions? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(spec);
        var pipeline = new FeaturePipeline(spec, extensions);
        var feeds = pipeline.ContextSymbols.Select(s => context is not null && context.TryGetValue(Symbol.Parse(s), out var bars) && bars is not null
            ? bars
            : throw new ArgumentException($"The spec reads context symbol {s}, and no bars of it were given.", nameof(context))).ToArray();
        var symbols = pipeline.ContextSymbols.Select(Symbol.Parse).ToArray();
        var next = new int[feeds.Length];
        int columns = pipeline.FeatureCount;
        var values = new float[(long)candles.Count * columns];
        var ready = new bool[candles.Count];
        var timestamps = new DateTime[candles.Count];
        var closes = new double[candles.Count];
        for (int i = 0; i < candles.Count; i++)
        {
            var time = candles[i].Timestamp;
            for (int f = 0; f < feeds.Length; f++)
            {
                var feed = feeds[f];
                while (next[f] < feed.Count && feed[next[f]].Timestamp <= time)
                {
                    pipeline.ObserveContext(symbols[f], feed[next[f]++]);
                }
            }

            var row = pipeline.Update(candles[i]);
            row.CopyTo(values.AsSpan(i * columns, columns));
            ready[i] = pipeline.IsReady;
            timestamps[i] = time;
            closes[i] = candles[i].Close;
        }

        return new FeatureMatrix(pipeline.FeatureNames, values, timestamps, closes, ready) { ContextStaleRows = pipeline.ContextStaleRows };
    }
}
