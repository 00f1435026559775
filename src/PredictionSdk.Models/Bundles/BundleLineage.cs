namespace PredictionSdk.Models.Bundles;

/// <summary>The parent of a fine-tuned bundle: which model's weights training started from.</summary>
/// <param name="Version">The parent's <see cref="ModelBundle.Version"/>.</param>
/// <param name="Symbols">The symbols the parent was trained on (its pool, or its one symbol).</param>
/// <param name="CreatedUtc">When the parent was created.</param>
/// <param name="Training">The parent's training data.</param>
public sealed record BundleLineage(string Version, IReadOnlyList<string> Symbols, DateTime CreatedUtc, TrainingWindow Training);
