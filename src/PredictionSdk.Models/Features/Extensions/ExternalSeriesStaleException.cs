namespace PredictionSdk.Models.Features;

/// <summary>
/// A model needs an external series whose latest public value is older than its <see cref="ExternalSeriesSpec.MaxAge"/>
/// (or that has no value yet), and the bundle does not allow predicting without it.
/// </summary>
public sealed class ExternalSeriesStaleException : FeatureException
{
    /// <summary>Creates the error.</summary>
    public ExternalSeriesStaleException(string symbol, string series, DateTime barClose, TimeSpan? age, TimeSpan maxAge)
        : base(FormattableString.Invariant($"{symbol}: external series '{series}' is stale at {barClose:yyyy-MM-ddTHH:mm:ssZ} ({(age is { } a ? $"latest public value {a.TotalMinutes:0.#} min old" : "no public value yet")}, max {maxAge.TotalMinutes:0.#} min); the model does not predict without it."))
    {
        Series = series;
        Age = age;
    }

    /// <summary>Name of the stale series.</summary>
    public string Series { get; }

    /// <summary>Age of the latest public value; null when there is none.</summary>
    public TimeSpan? Age { get; }
}
