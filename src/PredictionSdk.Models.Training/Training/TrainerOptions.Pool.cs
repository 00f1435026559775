using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Training;

// Options derived for one member of a pool, and from a parent bundle for fine-tuning.
public sealed partial class TrainerOptions
{
    /// <summary>
    /// Options that prepare data exactly as <paramref name="parent"/> was prepared — its interval, horizons and feature
    /// spec — for <paramref name="symbol"/>: what <see cref="ModelTrainer.FineTuneAsync"/> needs. Splits, validation
    /// and threads keep their defaults; change them on the result.
    /// </summary>
    /// <param name="parent">The bundle to fine-tune.</param>
    /// <param name="symbol">The symbol of the candles to fine-tune on (one of the parent's, or a new one).</param>
    public static TrainerOptions FromBundle(ModelBundle parent, Symbol symbol)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return new TrainerOptions
        {
            Symbol = symbol,
            Interval = Interval.Parse(parent.Manifest.Interval),
            Horizons = [.. parent.Manifest.Horizons],
            Features = parent.FeatureSpec,
        };
    }

    // A copy for one symbol of a pool; every other setting is shared.
    internal TrainerOptions ForSymbol(Symbol symbol)
    {
        var copy = (TrainerOptions)MemberwiseClone();
        copy.Symbol = symbol;
        return copy;
    }
}
