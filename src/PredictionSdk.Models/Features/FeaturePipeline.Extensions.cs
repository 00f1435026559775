using PredictionSdk.External;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Custom features and external series: their columns follow the built-in ones, in the spec's order. External values
/// are read as of the bar's close time minus the series' publication lag, so a value is never used before it was public.
/// </summary>
public sealed partial class FeaturePipeline
{
    private ICustomFeature[] _custom = [];
    private ExternalSeriesSpec[] _externalSpecs = [];
    private ExternalSeries[] _external = [];
    private int _builtinCount;
    private string? _staleSeries;
    private DateTime _staleAt;
    private TimeSpan? _staleAge;

    /// <summary>
    /// The first external series that was stale (no public value within its <see cref="ExternalSeriesSpec.MaxAge"/>)
    /// for the row computed last, or null. A stale series that the spec does not allow to be missing makes the row not
    /// ready; <see cref="ThrowIfStale"/> turns it into the typed error.
    /// </summary>
    public string? StaleSeries => _staleSeries;

    /// <summary>
    /// Throws <see cref="ExternalSeriesStaleException"/> when the row computed last had a stale required series, or
    /// <see cref="ContextUnavailableException"/> when it lacked a context symbol's bar (<see cref="ThrowIfContextUnavailable"/>).
    /// </summary>
    public void ThrowIfStale(string symbol)
    {
        ThrowIfContextUnavailable(symbol);
        if (_staleSeries is { } name)
        {
            var spec = _externalSpecs.First(s => s.Name == name);
            throw new ExternalSeriesStaleException(symbol, name, _staleAt, _staleAge, spec.MaxAge);
        }
    }

    private void InitializeExtensions(FeatureSpec spec, FeatureExtensions extensions)
    {
        _custom = (spec.CustomFeatures ?? []).Select(extensions.Features.Create).ToArray();
        _externalSpecs = (spec.ExternalSeries ?? []).ToArray();
        _external = _externalSpecs.Select(s => extensions.Series.GetOrAdd(s.Name)).ToArray();
    }

    private IEnumerable<string> ExtensionNames()
    {
        for (int i = 0; i < _custom.Length; i++)
        {
            foreach (string column in _custom[i].Columns)
            {
                yield return $"{Spec.CustomFeatures[i].Name}_{column}";
            }
        }

        foreach (var series in _externalSpecs)
        {
            yield return $"ext_{series.Name}";
            yield return $"ext_{series.Name}_age";
            if (series.AllowMissing)
            {
                yield return $"ext_{series.Name}_missing";
            }
        }
    }

    private int ExtensionWarmup() => _custom.Length == 0 ? 0 : _custom.Max(c => c.WarmupBars);

    private bool ExtensionsReady() => _staleSeries is null && _custom.All(c => c.IsReady);

    private void ResetExtensions()
    {
        foreach (var feature in _custom)
        {
            feature.Reset();
        }

        _staleSeries = null;
    }

    /// <summary>Writes the custom and external columns of <paramref name="bar"/> after the built-in ones.</summary>
    private void ComputeExtensions(in Candle bar, bool commit, double[] target)
    {
        int at = _builtinCount;
        for (int i = 0; i < _custom.Length; i++)
        {
            var feature = _custom[i];
            var values = target.AsSpan(at, feature.Columns.Count);
            try
            {
                if (commit)
                {
                    feature.Update(bar, values);
                }
                else
                {
                    feature.Preview(bar, values);
                }
            }
            catch (Exception ex) when (ex is not FeatureException and not OperationCanceledException)
            {
                throw new FeatureException($"Custom feature '{Spec.CustomFeatures[i].Name}' failed at {bar.Timestamp:yyyy-MM-ddTHH:mm:ssZ}: {ex.Message}", ex);
            }

            at += values.Length;
        }

        _staleSeries = null;
        var close = bar.Timestamp + _baseInterval.Duration;
        for (int i = 0; i < _external.Length; i++)
        {
            var spec = _externalSpecs[i];
            TimeSpan? age = _external[i].TryGetAsOf(close, spec.PublicationLag, out var observation)
                ? close - (observation.Timestamp + spec.PublicationLag)
                : null;
            bool stale = age is null || age > spec.MaxAge;
            target[at++] = stale ? 0 : observation.Value;
            target[at++] = Math.Log(1.0 + (stale ? spec.MaxAge : age!.Value).TotalMinutes);
            if (spec.AllowMissing)
            {
                target[at++] = stale ? 1 : 0;
            }
            else if (stale && _staleSeries is null)
            {
                (_staleSeries, _staleAt, _staleAge) = (spec.Name, close, age);
            }
        }
    }
}
