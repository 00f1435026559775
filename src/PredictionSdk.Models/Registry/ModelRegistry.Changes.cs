using System.Globalization;
using System.Text.Json.Nodes;
using PredictionSdk.Models.Bundles;

namespace PredictionSdk.Models.Registry;

public sealed partial class ModelRegistry
{
    /// <summary>
    /// Registers the bundle at <paramref name="bundlePath"/> as a new version: copies it into the registry (or links it),
    /// and records its lineage from the manifest (data range, training settings, offline metrics) and
    /// <paramref name="registration"/>. Registering a bundle whose SHA-256 is already registered returns that version.
    /// </summary>
    /// <exception cref="ModelLoadException">The file is not a loadable bundle.</exception>
    /// <exception cref="ModelRegistryException">The parent is unknown, or the lock could not be taken.</exception>
    public ModelVersionInfo Register(string bundlePath, ModelRegistration? registration = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bundlePath);
        registration ??= new ModelRegistration();
        string source = Path.GetFullPath(bundlePath);
        var manifest = ModelBundle.Load(source).Manifest;
        var (sha, size) = Hash(source);

        // Copy outside the lock (a bundle can be large); the move into place happens under it.
        string? staged = null;
        if (!registration.Link)
        {
            string staging = Path.Combine(Folder, VersionsFolder);
            Directory.CreateDirectory(staging);
            staged = Path.Combine(staging, $".incoming-{Guid.NewGuid():N}.psdk");
            File.Copy(source, staged);
            if (!string.Equals(Hash(staged).Sha256, sha, StringComparison.Ordinal))
            {
                File.Delete(staged);
                throw new ModelRegistryException(Folder, $"'{source}' changed while it was being copied; register it again.");
            }
        }

        try
        {
            return Change(index =>
            {
                DeleteAbandonedStaging(staged);
                if (index.Versions.FirstOrDefault(v => string.Equals(v.Sha256, sha, StringComparison.OrdinalIgnoreCase)) is { } existing)
                {
                    return (index, existing);
                }

                if (registration.ParentId is { } parent && index.Versions.All(v => v.Id != parent))
                {
                    throw new ModelRegistryException(Folder, $"the parent version '{parent}' is not registered.");
                }

                string id = NextId(index, manifest.Symbol);
                string bundle = source;
                if (staged is not null)
                {
                    string folder = Path.Combine(Folder, VersionsFolder, id);
                    Directory.CreateDirectory(folder); // a folder left by a writer killed before its index update is reused
                    File.Move(staged, Path.Combine(folder, BundleFile), overwrite: true);
                    staged = null;
                    bundle = Path.Combine(VersionsFolder, id, BundleFile);
                }

                var version = new ModelVersionInfo
                {
                    Id = id,
                    Symbol = manifest.Symbol,
                    Interval = manifest.Interval,
                    Horizons = [.. manifest.Horizons],
                    ModelType = manifest.ModelType,
                    Bundle = bundle,
                    Linked = registration.Link,
                    Sha256 = sha,
                    SizeBytes = size,
                    RegisteredUtc = DateTime.UtcNow,
                    CreatedUtc = manifest.CreatedUtc,
                    ParentId = registration.ParentId,
                    Data = new DataRange(manifest.Training.Start, manifest.Training.End, manifest.Training.TrainSamples, manifest.Training.ValidationSamples),
                    TrainingOptions = TrainingOptions(manifest, registration.TrainingOptions),
                    OfflineMetrics = new SortedDictionary<string, double>(manifest.Metrics.ToDictionary(), StringComparer.Ordinal),
                    Notes = registration.Notes,
                };
                return (index with { Versions = [.. index.Versions, version] }, version);
            }, cancellationToken);
        }
        finally
        {
            if (staged is not null)
            {
                File.Delete(staged);
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="versionId"/> the champion for <paramref name="symbol"/> (default: the bundle's own symbol;
    /// <see cref="AnySymbol"/> for every symbol without a champion of its own) at <paramref name="horizons"/> (default:
    /// every horizon it predicts). Keys it already serves are left as they are.
    /// </summary>
    /// <returns>One record per (symbol, horizon) whose champion changed.</returns>
    /// <exception cref="ModelRegistryException">Unknown version, a horizon it does not predict, or an invalid symbol.</exception>
    public IReadOnlyList<PromotionRecord> Promote(string versionId, string? symbol = null, IEnumerable<int>? horizons = null, string reason = "manual promotion", JsonObject? evidence = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Change(index =>
        {
            var version = Find(index, versionId);
            string key = CanonicalSymbol(symbol ?? version.Symbol);
            int[] served = horizons?.Distinct().Order().ToArray() ?? [.. version.Horizons];
            if (served.Length == 0)
            {
                throw new ModelRegistryException(Folder, "no horizon to promote for.");
            }

            RequireHorizons(version, served);

            var now = DateTime.UtcNow;
            var champions = index.Champions.ToList();
            var records = new List<PromotionRecord>();
            foreach (int h in served)
            {
                var current = champions.FirstOrDefault(c => c.Symbol == key && c.Horizon == h);
                if (current?.VersionId == versionId)
                {
                    continue;
                }

                champions.Remove(current!);
                champions.Add(new ChampionEntry(key, h, versionId, now));
                records.Add(new PromotionRecord(now, PromotionKind.Promote, key, h, versionId, current?.VersionId, reason, evidence?.DeepClone().AsObject()));
            }

            return (index with { Champions = Ordered(champions), History = [.. index.History, .. records] }, (IReadOnlyList<PromotionRecord>)records);
        }, cancellationToken);
    }

    /// <summary>
    /// Gives (<paramref name="symbol"/>, <paramref name="horizon"/>) back to the version the current champion replaced
    /// (the previous champion of the promotion that installed it). Rolling back twice walks further back.
    /// </summary>
    /// <exception cref="ModelRegistryException">No champion, or the champion replaced nobody.</exception>
    public PromotionRecord Rollback(string symbol, int horizon, string reason = "manual rollback", JsonObject? evidence = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Change(index =>
        {
            string key = CanonicalSymbol(symbol);
            var current = ChampionOf(index, key, horizon)
                ?? throw new ModelRegistryException(Folder, $"{key} has no champion at horizon {horizon}; there is nothing to roll back.");
            var installed = index.History.LastOrDefault(h => h.Kind == PromotionKind.Promote && h.Symbol == key && h.Horizon == horizon && h.VersionId == current.VersionId);
            string previous = installed?.PreviousVersionId
                ?? throw new ModelRegistryException(Folder, $"{current.VersionId} replaced no earlier champion of {key} at horizon {horizon}; there is nothing to roll back to.");

            var now = DateTime.UtcNow;
            var record = new PromotionRecord(now, PromotionKind.Rollback, key, horizon, previous, current.VersionId, reason, evidence?.DeepClone().AsObject());
            var champions = index.Champions.Where(c => c != current).Append(new ChampionEntry(key, horizon, previous, now));
            return (index with { Champions = Ordered(champions), History = [.. index.History, record] }, record);
        }, cancellationToken);
    }

    /// <summary>Appends live figures to a version's record.</summary>
    /// <exception cref="ModelRegistryException">Unknown version, or a horizon it does not predict.</exception>
    /// <exception cref="ArgumentException">The period is reversed or the sample count negative.</exception>
    public ModelVersionInfo AppendLiveMetrics(string versionId, LiveMetrics metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.ToUtc < metrics.FromUtc || metrics.Samples < 0 || metrics.DirectionalSamples < 0)
        {
            throw new ArgumentException($"Live metrics need FromUtc ≤ ToUtc and non-negative counts (got {metrics.FromUtc:O} – {metrics.ToUtc:O}, {metrics.Samples} samples).", nameof(metrics));
        }

        return Change(index =>
        {
            var version = Find(index, versionId);
            RequireHorizons(version, [metrics.Horizon]);

            var updated = version with { LiveMetrics = [.. version.LiveMetrics, metrics] };
            return (index with { Versions = [.. index.Versions.Select(v => v.Id == versionId ? updated : v)] }, updated);
        }, cancellationToken);
    }

    /// <summary>Starts routing a share of the symbols (chosen by <see cref="SymbolBucket"/>) to <paramref name="versionId"/>.</summary>
    /// <exception cref="ModelRegistryException">Unknown version, or a horizon it does not predict.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is not in (0, 1].</exception>
    public AbTest StartAbTest(string versionId, double share, IReadOnlyList<int>? horizons = null, CancellationToken cancellationToken = default)
    {
        if (!(share > 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share of symbols must be in (0, 1].");
        }

        return Change(index =>
        {
            var version = Find(index, versionId);
            RequireHorizons(version, horizons ?? []);

            var test = new AbTest(string.Create(CultureInfo.InvariantCulture, $"ab-{index.AbTests.Count + 1}"), versionId, share, horizons?.ToArray(), DateTime.UtcNow, null);
            return (index with { AbTests = [.. index.AbTests, test] }, test);
        }, cancellationToken);
    }

    /// <summary>Stops an A/B test; its symbols go back to their champions.</summary>
    /// <exception cref="ModelRegistryException">No such test, or it already ended.</exception>
    public AbTest EndAbTest(string testId, CancellationToken cancellationToken = default) => Change(index =>
    {
        var test = index.AbTests.FirstOrDefault(t => t.Id == testId) ?? throw new ModelRegistryException(Folder, $"there is no A/B test '{testId}'.");
        if (!test.IsActive)
        {
            throw new ModelRegistryException(Folder, $"A/B test '{testId}' already ended at {test.EndedUtc:u}.");
        }

        var ended = test with { EndedUtc = DateTime.UtcNow };
        return (index with { AbTests = [.. index.AbTests.Select(t => t.Id == testId ? ended : t)] }, ended);
    }, cancellationToken);

    private T Change<T>(Func<RegistryIndex, (RegistryIndex Index, T Result)> change, CancellationToken cancellationToken)
    {
        var (index, result) = _store.Update(change, cancellationToken);
        var info = new FileInfo(_store.IndexPath);
        lock (_gate)
        {
            _index = index;
            _stamp = (info.LastWriteTimeUtc, info.Length);
        }

        return result;
    }

    // A registration killed between its copy and its move leaves a staged file; one a day old is nobody's.
    private void DeleteAbandonedStaging(string? ours)
    {
        string staging = Path.Combine(Folder, VersionsFolder);
        if (!Directory.Exists(staging))
        {
            return;
        }

        var cutoff = DateTime.UtcNow.AddDays(-1);
        foreach (var file in new DirectoryInfo(staging).EnumerateFiles(".incoming-*.psdk"))
        {
            if (file.FullName != ours && file.LastWriteTimeUtc < cutoff)
            {
                file.Delete();
            }
        }
    }

    private void RequireHorizons(ModelVersionInfo version, IEnumerable<int> horizons)
    {
        foreach (int h in horizons)
        {
            if (!version.Horizons.Contains(h))
            {
                throw new ModelRegistryException(Folder, $"{version.Id} does not predict horizon {h} (it predicts {string.Join(", ", version.Horizons)}).");
            }
        }
    }

    private string CanonicalSymbol(string symbol) =>
        symbol == AnySymbol ? AnySymbol
        : Symbol.TryParse(symbol, out var parsed) ? parsed.Value
        : throw new ModelRegistryException(Folder, $"'{symbol}' is not a symbol (use BTC-USD, AAPL, or {AnySymbol} for every symbol).");

    private static string NextId(RegistryIndex index, string symbol)
    {
        string prefix = Symbol.Parse(symbol).Value.ToLowerInvariant() + "-v";
        int last = index.Versions
            .Select(v => v.Id.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(v.Id.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{last + 1}");
    }

    private static IReadOnlyList<ChampionEntry> Ordered(IEnumerable<ChampionEntry> champions) =>
        [.. champions.OrderBy(c => c.Symbol, StringComparer.Ordinal).ThenBy(c => c.Horizon)];

    private static JsonObject TrainingOptions(BundleManifest manifest, JsonObject? extra)
    {
        var options = new JsonObject
        {
            ["modelOptions"] = manifest.ModelOptions?.DeepClone(),
            ["seed"] = manifest.Seed,
            ["epochs"] = manifest.Training.Epochs,
            ["bestEpoch"] = manifest.Training.BestEpoch,
            ["windowLength"] = manifest.WindowLength,
            ["features"] = manifest.FeatureNames.Count,
            ["libraryVersions"] = new JsonObject(manifest.LibraryVersions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        foreach (var (key, value) in extra ?? [])
        {
            options[key] = value?.DeepClone();
        }

        return options;
    }
}
