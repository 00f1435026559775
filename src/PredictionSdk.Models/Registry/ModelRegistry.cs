using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Onnx;

namespace PredictionSdk.Models.Registry;

/// <summary>
/// Model versions with their lineage, kept in a folder: <c>index.json</c> (versions, champions per symbol and horizon,
/// promotion history, A/B tests) and one <c>versions/&lt;id&gt;/model.psdk</c> per version. Bundles are versions, not
/// files: a host asks for "the champion for symbol S, horizon h" and gets a version it can load.
/// </summary>
/// <remarks>
/// <para>Several processes may share a folder. Every change takes an exclusive lock file, re-reads the index, and
/// replaces it with a new file moved over the old one, so readers never see a partial index and a writer killed
/// mid-write leaves the previous index intact. Queries read a snapshot that is reloaded when the index file changes.</para>
/// <para>Thread-safe. Changes block while another writer holds the lock (up to <see cref="ModelRegistryOptions.LockTimeout"/>).</para>
/// </remarks>
public sealed partial class ModelRegistry
{
    /// <summary>Symbol of the champion that serves every symbol without a champion of its own.</summary>
    public const string AnySymbol = "*";

    /// <summary>Folder, under the registry folder, holding one sub-folder per stored version.</summary>
    public const string VersionsFolder = "versions";

    /// <summary>File name of a stored version's bundle.</summary>
    public const string BundleFile = "model.psdk";

    private readonly RegistryStore _store;
    private readonly Lock _gate = new();
    private RegistryIndex _index = RegistryIndex.Empty;
    private (DateTime Written, long Length) _stamp = (DateTime.MinValue, -1);

    /// <summary>Opens (or prepares to create) the registry in <see cref="ModelRegistryOptions.Folder"/>.</summary>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    /// <exception cref="ModelRegistryException">The index exists but cannot be read.</exception>
    public ModelRegistry(ModelRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _store = new RegistryStore(Path.GetFullPath(options.Folder), options.LockTimeout);
        Refresh();
    }

    /// <summary>Opens the registry in <paramref name="folder"/> with default settings.</summary>
    public static ModelRegistry Open(string folder) => new(new ModelRegistryOptions { Folder = folder });

    /// <summary>The registry folder (full path).</summary>
    public string Folder => _store.Folder;

    /// <summary>Every version, in registration order.</summary>
    public IReadOnlyList<ModelVersionInfo> Versions => Current.Versions;

    /// <summary>The champion of every (symbol, horizon) that has one.</summary>
    public IReadOnlyList<ChampionEntry> Champions => Current.Champions;

    /// <summary>Every A/B test, running or ended.</summary>
    public IReadOnlyList<AbTest> AbTests => Current.AbTests;

    private RegistryIndex Current
    {
        get
        {
            var info = new FileInfo(_store.IndexPath);
            var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
            lock (_gate)
            {
                if (stamp != _stamp)
                {
                    _index = _store.Read();
                    _stamp = stamp;
                }

                return _index;
            }
        }
    }

    /// <summary>Reloads the index now (queries also reload it by themselves when the file changed).</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            _stamp = (DateTime.MinValue, -2);
        }

        _ = Current;
    }

    /// <summary>The version <paramref name="id"/>.</summary>
    /// <exception cref="ModelRegistryException">No such version.</exception>
    public ModelVersionInfo Get(string id) => Find(Current, id);

    /// <summary>The version <paramref name="id"/>, or null.</summary>
    public ModelVersionInfo? TryGet(string id) => Current.Versions.FirstOrDefault(v => v.Id == id);

    /// <summary>Promotions and rollbacks, oldest first; only those that installed or replaced <paramref name="versionId"/> when given.</summary>
    public IReadOnlyList<PromotionRecord> History(string? versionId = null) =>
        versionId is null ? Current.History : [.. Current.History.Where(h => h.VersionId == versionId || h.PreviousVersionId == versionId)];

    /// <summary>The champion for <paramref name="symbol"/> at <paramref name="horizon"/>: its own, else the <see cref="AnySymbol"/> one; null when neither exists.</summary>
    public ModelVersionInfo? Champion(Symbol symbol, int horizon)
    {
        var index = Current;
        var entry = ChampionOf(index, symbol.Value, horizon) ?? ChampionOf(index, AnySymbol, horizon);
        return entry is null ? null : Find(index, entry.VersionId);
    }

    /// <summary>
    /// The version that serves <paramref name="symbol"/> at <paramref name="horizon"/>: the first running A/B test
    /// (oldest first) that covers the horizon and whose hash bucket holds the symbol, else the champion.
    /// </summary>
    /// <returns>The assignment, or null when no version serves the symbol.</returns>
    public ModelAssignment? Resolve(Symbol symbol, int horizon)
    {
        var index = Current;
        foreach (var test in index.AbTests)
        {
            if (test.IsActive && Covers(index, test, horizon) && SymbolBucket(test.Id, symbol) < test.Share)
            {
                return new ModelAssignment(test.VersionId, AssignmentSource.AbTest, test.Id);
            }
        }

        if (ChampionOf(index, symbol.Value, horizon) is { } own)
        {
            return new ModelAssignment(own.VersionId, AssignmentSource.Champion);
        }

        return ChampionOf(index, AnySymbol, horizon) is { } any ? new ModelAssignment(any.VersionId, AssignmentSource.DefaultChampion) : null;
    }

    /// <summary>
    /// Where <paramref name="symbol"/> falls in [0, 1) for the A/B test salted <paramref name="salt"/>: the first 8
    /// bytes of SHA-256("salt|SYMBOL") over 2⁶⁴. The same on every machine and run; a test with share s takes the
    /// symbols below s.
    /// </summary>
    public static double SymbolBucket(string salt, Symbol symbol)
    {
        ArgumentNullException.ThrowIfNull(salt);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}|{symbol.Value}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0;
    }

    /// <summary>The full path of a version's bundle, after checking that the file exists.</summary>
    /// <exception cref="ModelRegistryException">No such version, or its bundle file is missing.</exception>
    public string GetBundlePath(string versionId)
    {
        var version = Get(versionId);
        string path = BundlePath(version);
        return File.Exists(path) ? path : throw new ModelRegistryException(Folder, $"the bundle of {versionId} is missing ({path}).");
    }

    /// <summary>Loads a version's bundle after checking it still has the recorded SHA-256.</summary>
    /// <exception cref="ModelRegistryException">No such version, or its bundle is missing or changed since registration.</exception>
    /// <exception cref="ModelLoadException">The bundle cannot be loaded.</exception>
    public ModelBundle LoadBundle(string versionId)
    {
        var version = Get(versionId);
        string path = GetBundlePath(versionId);
        var (sha, _) = Hash(path);
        if (!string.Equals(sha, version.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRegistryException(Folder, $"the bundle of {versionId} ({path}) has changed since it was registered (SHA-256 {sha[..12]}…, recorded {version.Sha256[..12]}…).");
        }

        return ModelBundle.Load(path);
    }

    /// <summary>Loads a version ready for inference (see <see cref="LoadedModel"/>); the caller disposes it.</summary>
    /// <exception cref="ModelRegistryException">No such version, or its bundle is missing or changed.</exception>
    /// <exception cref="ModelLoadException">The bundle cannot be served.</exception>
    public LoadedModel LoadModel(string versionId, OnnxForecasterOptions? options = null) =>
        LoadedModel.FromBundle(LoadBundle(versionId), GetBundlePath(versionId), options);

    private string BundlePath(ModelVersionInfo version) =>
        version.Linked ? version.Bundle : Path.Combine(Folder, version.Bundle);

    private ModelVersionInfo Find(RegistryIndex index, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return index.Versions.FirstOrDefault(v => v.Id == id)
            ?? throw new ModelRegistryException(Folder, $"there is no version '{id}'" + (index.Versions.Count == 0 ? " (the registry is empty)." : $"; known: {string.Join(", ", index.Versions.Select(v => v.Id).TakeLast(10))}."));
    }

    private static ChampionEntry? ChampionOf(RegistryIndex index, string symbol, int horizon) =>
        index.Champions.FirstOrDefault(c => c.Symbol == symbol && c.Horizon == horizon);

    private static bool Covers(RegistryIndex index, AbTest test, int horizon) =>
        test.Horizons?.Contains(horizon) ?? index.Versions.FirstOrDefault(v => v.Id == test.VersionId)?.Horizons.Contains(horizon) == true;

    private static (string Sha256, long Size) Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return (Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }
}
