using System.ComponentModel.DataAnnotations;

namespace PredictionSdk;

/// <summary>Settings shared by every PredictionSdk component in a host.</summary>
public sealed class PredictionSdkOptions
{
    /// <summary>Configuration section the options bind from by default.</summary>
    public const string SectionName = "PredictionSdk";

    /// <summary>Symbols the host works with, canonical or exchange spelling.</summary>
    public IList<string> Symbols { get; } = [];

    /// <summary>Bar length, e.g. <c>1m</c>.</summary>
    [Required]
    public string Interval { get; set; } = "1m";

    /// <summary>Parsed <see cref="Interval"/>.</summary>
    public Interval ParsedInterval => PredictionSdk.Interval.Parse(Interval);

    /// <summary>Parsed <see cref="Symbols"/>.</summary>
    public IReadOnlyList<Symbol> ParsedSymbols => Symbols.Select(Symbol.Parse).ToArray();
}
