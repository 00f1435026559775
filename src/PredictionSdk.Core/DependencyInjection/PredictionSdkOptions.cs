namespace PredictionSdk;

/// <summary>Settings shared by every PredictionSdk component in a host.</summary>
public sealed class PredictionSdkOptions
{
    /// <summary>Configuration section the options bind from by default.</summary>
    public const string SectionName = "PredictionSdk";

    /// <summary>Symbols the host works with, canonical or exchange spelling.</summary>
    public IList<string> Symbols { get; } = [];

    /// <summary>Bar length; binds from configuration as <c>"1m"</c>, <c>"5m"</c>, <c>"1h"</c>. Default 1m.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>Parsed <see cref="Symbols"/>.</summary>
    public IReadOnlyList<Symbol> ParsedSymbols => Symbols.Select(Symbol.Parse).ToArray();
}
