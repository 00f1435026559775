namespace PredictionSdk.Models.Features;

/// <summary>
/// A model reads a context symbol (<see cref="FeatureSpec.Context"/>) whose bar for the minute predicted is missing beyond
/// <see cref="ContextSpec.MaxAgeBars"/>, or whose feed never delivered a bar: the model does not predict without it.
/// </summary>
public sealed class ContextUnavailableException : FeatureException
{
    /// <summary>Creates the error.</summary>
    /// <param name="symbol">The symbol predicted.</param>
    /// <param name="contextSymbol">The context symbol missing.</param>
    /// <param name="barTime">Open time of the bar predicted.</param>
    /// <param name="ageBars">Age in bars of the newest context bar, or null when none was ever received.</param>
    /// <param name="maxAgeBars">The age limit of the model.</param>
    public ContextUnavailableException(string symbol, string contextSymbol, DateTime barTime, long? ageBars, int maxAgeBars)
        : base(FormattableString.Invariant($"{symbol}: context symbol {contextSymbol} is unavailable at {barTime:yyyy-MM-ddTHH:mm:ssZ} ({(ageBars is { } a ? $"its newest bar is {a} bars old, max {maxAgeBars}" : "no bar of it was received; feed it with ObserveContext or subscribe the stream to it")}); the model does not predict without it."))
    {
        ContextSymbol = contextSymbol;
        AgeBars = ageBars;
    }

    /// <summary>The context symbol missing.</summary>
    public string ContextSymbol { get; }

    /// <summary>Age in bars of the newest context bar; null when none was received.</summary>
    public long? AgeBars { get; }
}
