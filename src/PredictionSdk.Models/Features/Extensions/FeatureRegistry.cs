using System.Collections.Concurrent;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Custom features by name. A pipeline built from a spec that lists a custom feature asks its registry for a new
/// instance; a name that is not registered fails with <see cref="UnknownFeatureException"/>. <see cref="Shared"/> is the
/// registry used when none is given (the DI extension <c>AddCustomFeature</c> registers there too).
/// </summary>
public sealed class FeatureRegistry
{
    private readonly ConcurrentDictionary<string, Func<CustomFeatureSpec, ICustomFeature>> _factories = new(StringComparer.Ordinal);

    /// <summary>The process-wide registry.</summary>
    public static FeatureRegistry Shared { get; } = new();

    /// <summary>Registered names.</summary>
    public IReadOnlyCollection<string> Names => _factories.Keys.ToArray();

    /// <summary>Registers (or replaces) the factory for <paramref name="name"/>; it receives the spec with the bundle's parameters.</summary>
    /// <exception cref="ArgumentException">The name is not 1–64 letters, digits, '_' or '-'.</exception>
    public FeatureRegistry Register(string name, Func<CustomFeatureSpec, ICustomFeature> factory)
    {
        External.ExternalSeries.CheckName(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = factory;
        return this;
    }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => _factories.ContainsKey(name);

    /// <summary>A new instance of the feature <paramref name="spec"/> names.</summary>
    /// <exception cref="UnknownFeatureException">No factory is registered under the name.</exception>
    public ICustomFeature Create(CustomFeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!_factories.TryGetValue(spec.Name, out var factory))
        {
            throw new UnknownFeatureException(spec.Name);
        }

        var feature = factory(spec) ?? throw new InvalidOperationException($"The factory of custom feature '{spec.Name}' returned null.");
        if (feature.Columns is not { Count: > 0 } columns || columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
        {
            throw new ArgumentException($"Custom feature '{spec.Name}' must emit at least one column, with distinct names.", nameof(spec));
        }

        return feature;
    }
}
