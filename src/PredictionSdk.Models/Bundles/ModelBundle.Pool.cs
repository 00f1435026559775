using System.Security.Cryptography;
using System.Text.Json;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Bundles;

// The symbols a bundle serves (one, or a pool each with its own scaler), and its version string.
public sealed partial class ModelBundle
{
    private Dictionary<Symbol, RobustScaler>? _poolScalers;

    /// <summary>
    /// The symbols the model was trained on: the pool of a pooled model (<see cref="BundleManifest.Pool"/>), in
    /// training order, or its one <see cref="BundleManifest.Symbol"/>.
    /// </summary>
    public IReadOnlyList<Symbol> Symbols =>
        Manifest.Pool is { } pool ? [.. pool.Select(m => PredictionSdk.Symbol.Parse(m.Symbol))] : [PredictionSdk.Symbol.Parse(Manifest.Symbol)];

    /// <summary>
    /// Context symbols the model reads (<see cref="FeatureSpec.Context"/> of the manifest's feature spec), in column
    /// order; empty for none. Serving needs a feed of each.
    /// </summary>
    public IReadOnlyList<Symbol> ContextSymbols => [.. (FeatureSpec.Context?.Symbols ?? []).Select(PredictionSdk.Symbol.Parse)];

    /// <summary>True when the model was trained on more than one symbol (<see cref="BundleManifest.Pool"/>).</summary>
    public bool IsPooled => Manifest.Pool is not null;

    /// <summary>
    /// Model type, first 12 hex digits of the SHA-256 of the ONNX graph (of the weights when there is no graph) and
    /// creation date, e.g. <c>hybrid-3f2a…-20230301</c>; the same string <see cref="LoadedModel.Version"/> reports.
    /// </summary>
    public string Version
    {
        get
        {
            byte[] content = GetEntry(OnnxEntry) ?? GetEntry(WeightsEntry) ?? [];
            string hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
            return FormattableString.Invariant($"{Manifest.ModelType.ToString().ToLowerInvariant()}-{hash}-{Manifest.CreatedUtc:yyyyMMdd}");
        }
    }

    /// <summary>True when <paramref name="symbol"/> is one of <see cref="Symbols"/>.</summary>
    public bool IsTrainedOn(Symbol symbol) => Symbols.Contains(symbol);

    /// <summary>
    /// The scaler for <paramref name="symbol"/>'s features: in a pooled model the one fit on that symbol's own
    /// training window; otherwise <see cref="Scaler"/>.
    /// </summary>
    /// <returns>False when the model is pooled and <paramref name="symbol"/> is not in its pool (then <paramref name="scaler"/> is <see cref="Scaler"/>).</returns>
    public bool TryGetScaler(Symbol symbol, out RobustScaler scaler)
    {
        if (Manifest.Pool is null)
        {
            scaler = Scaler;
            return true;
        }

        _poolScalers ??= Manifest.Pool.ToDictionary(m => PredictionSdk.Symbol.Parse(m.Symbol), m => RobustScaler.FromJson(m.Scaler.ToJsonString()));
        if (_poolScalers.TryGetValue(symbol, out var found))
        {
            scaler = found;
            return true;
        }

        scaler = Scaler;
        return false;
    }

    /// <summary>The scaler for <paramref name="symbol"/>; see <see cref="TryGetScaler"/>.</summary>
    /// <param name="symbol">A symbol the model was trained on.</param>
    /// <param name="source">Name of the bundle in the error.</param>
    /// <exception cref="ModelSymbolMismatchException">The model is pooled and <paramref name="symbol"/> is not in its pool.</exception>
    public RobustScaler ScalerFor(Symbol symbol, string source = "bundle") =>
        TryGetScaler(symbol, out var scaler) ? scaler : throw new ModelSymbolMismatchException(source, Symbols, symbol);

    private static string? CheckPool(BundleManifest manifest, RobustScaler? scaler)
    {
        if (manifest.Pool is not { } pool)
        {
            return null;
        }

        if (pool.Count == 0 || pool[0].Symbol != manifest.Symbol)
        {
            return $"the pool must list the bundle's symbol {manifest.Symbol} first.";
        }

        var seen = new HashSet<Symbol>();
        for (int i = 0; i < pool.Count; i++)
        {
            var member = pool[i];
            if (!PredictionSdk.Symbol.TryParse(member.Symbol, out var symbol) || !seen.Add(symbol))
            {
                return $"the pool symbol '{member.Symbol}' is invalid or listed twice.";
            }

            RobustScaler memberScaler;
            try
            {
                memberScaler = RobustScaler.FromJson(member.Scaler.ToJsonString());
            }
            catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException)
            {
                return $"the scaler of pool symbol {member.Symbol} is invalid: {ex.Message}";
            }

            if (!memberScaler.FeatureNames.SequenceEqual(manifest.FeatureNames))
            {
                return $"the scaler of pool symbol {member.Symbol} has other features than the manifest.";
            }

            if (i == 0 && !memberScaler.Equals(scaler))
            {
                return $"the scaler of pool symbol {member.Symbol} differs from the bundle's scaler.";
            }
        }

        return null;
    }
}
