using PredictionSdk.External;

namespace PredictionSdk.Models.Features;

/// <summary>
/// An external series a model reads (sentiment, funding, on-chain, macro), joined as of each bar's close: the row of
/// the bar closing at <c>T</c> sees the newest observation stamped at or before <c>T − PublicationLag</c>, so no
/// value is used before it was public. Each series adds the columns <c>ext_{name}</c> (the value) and
/// <c>ext_{name}_age</c> (log of 1 + minutes since it became public), plus <c>ext_{name}_missing</c> when
/// <see cref="AllowMissing"/>.
/// </summary>
public sealed record ExternalSeriesSpec
{
    /// <summary>Name of the series in the <see cref="ExternalSeriesStore"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Time between an observation's timestamp and its publication (e.g. a daily figure released the next morning). Default 0.</summary>
    public TimeSpan PublicationLag { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long the latest public value may be held. Older (or no value at all) makes the series stale: the row is not
    /// ready, so training skips it and the predictor refuses to predict with an <see cref="ExternalSeriesStaleException"/>,
    /// unless <see cref="AllowMissing"/>. Default 1 hour.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Predict without the series when it is stale (value 0, <c>ext_{name}_missing</c> = 1) instead of refusing. Default false.</summary>
    public bool AllowMissing { get; init; }

    /// <summary>Checks the fields; throws <see cref="ArgumentException"/> naming the first wrong one.</summary>
    public void Validate()
    {
        ExternalSeries.CheckName(Name);
        if (PublicationLag < TimeSpan.Zero)
        {
            throw new ArgumentException($"External series '{Name}': PublicationLag cannot be negative; was {PublicationLag}.", nameof(PublicationLag));
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"External series '{Name}': MaxAge must be positive; was {MaxAge}.", nameof(MaxAge));
        }
    }
}
