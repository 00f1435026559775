using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using PredictionSdk.IO;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Bundles;

/// <summary>
/// A <c>.psdk</c> model bundle: a zip holding <c>manifest.json</c> plus named entries — TorchSharp weights
/// (<see cref="WeightsEntry"/>), the ONNX graph (<see cref="OnnxEntry"/>), calibration (<see cref="CalibrationEntry"/>)
/// and anything else a later version adds. Loading reads only the entries the manifest lists, within a size limit,
/// validates everything it can and throws <see cref="ModelLoadException"/> naming what is wrong; saving is atomic.
/// </summary>
public sealed partial class ModelBundle
{
    /// <summary>The bundle format this library writes and the newest it reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Entry name of the manifest.</summary>
    public const string ManifestEntry = "manifest.json";

    /// <summary>Entry name of the TorchSharp state dict.</summary>
    public const string WeightsEntry = "weights.bin";

    /// <summary>Entry name of the ONNX graph.</summary>
    public const string OnnxEntry = "model.onnx";

    /// <summary>Entry name of the calibration data.</summary>
    public const string CalibrationEntry = "calibration.json";

    /// <summary>Entry name of the full evaluation report.</summary>
    public const string EvaluationEntry = "evaluation.json";

    /// <summary>Largest entry <see cref="Load(string)"/> reads: 256 MiB (the bundled model's largest entry is 17 KB).</summary>
    public const long DefaultMaxEntryBytes = 256L * 1024 * 1024;

    /// <summary>Largest bundle <see cref="LoadAsync(Stream, string, long, CancellationToken)"/> copies into memory: 1 GiB.</summary>
    public const long MaxBundleBytes = 1L << 30;

    /// <summary>Largest <c>manifest.json</c> read: 16 MiB.</summary>
    public const long MaxManifestBytes = 16L * 1024 * 1024;

    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/> that records each <see cref="Load(string)"/> as a <c>bundle.load</c> activity.</summary>
    public const string ActivitySourceName = BundleTelemetry.Name;

    private readonly Dictionary<string, byte[]> _entries;

    private ModelBundle(BundleManifest manifest, FeatureSpec featureSpec, RobustScaler scaler, Dictionary<string, byte[]> entries)
    {
        Manifest = manifest;
        FeatureSpec = featureSpec;
        Scaler = scaler;
        _entries = entries;
    }

    /// <summary>The manifest.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>The feature spec, parsed and validated.</summary>
    public FeatureSpec FeatureSpec { get; }

    /// <summary>The scaler fit on the training window.</summary>
    public RobustScaler Scaler { get; }

    /// <summary>Names of the entries besides the manifest.</summary>
    public IReadOnlyCollection<string> EntryNames => _entries.Keys;

    /// <summary>Creates a bundle from a manifest and its entries, validating that they agree.</summary>
    /// <exception cref="ArgumentException">The manifest is inconsistent (spec, scaler, feature names, entries).</exception>
    public static ModelBundle Create(BundleManifest manifest, IReadOnlyDictionary<string, byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(entries);
        var copy = new Dictionary<string, byte[]>(entries, StringComparer.Ordinal);
        if (copy.ContainsKey(ManifestEntry))
        {
            throw new ArgumentException($"'{ManifestEntry}' is written from the manifest; do not pass it as an entry.", nameof(entries));
        }

        manifest = manifest with { Entries = Describe(manifest.Entries, copy.Keys) };
        string? problem = Check(manifest, copy, out var spec, out var scaler, out var cause);
        return problem is null ? new ModelBundle(manifest, spec!, scaler!, copy) : throw new ArgumentException(problem, nameof(manifest), cause);
    }

    /// <summary>The content of an entry, or null when the bundle has none by that name.</summary>
    public byte[]? GetEntry(string name) => _entries.TryGetValue(name, out byte[]? value) ? value : null;

    /// <summary>A copy of this bundle with an entry added or replaced (e.g. <see cref="OnnxEntry"/> after export).</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="content">Entry bytes.</param>
    /// <param name="description">What the entry holds, recorded in the manifest.</param>
    public ModelBundle WithEntry(string name, byte[] content, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(content);
        var entries = new Dictionary<string, byte[]>(_entries, StringComparer.Ordinal) { [name] = content };
        var described = new Dictionary<string, string>(Manifest.Entries, StringComparer.Ordinal) { [name] = description };
        return Create(Manifest with { Entries = described }, entries);
    }

    /// <summary>A copy of this bundle with another manifest (e.g. with metrics added); entries are kept.</summary>
    public ModelBundle WithManifest(BundleManifest manifest) => Create(manifest, _entries);

    /// <summary>
    /// Writes the bundle to <paramref name="path"/> atomically (<see cref="AtomicFile"/>): to a temporary file in the same
    /// folder first, then moved over the destination. A failure, cancellation or kill leaves any previous file untouched.
    /// </summary>
    public void Save(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, file => WriteZip(file, cancellationToken), cancellationToken);
    }

    /// <summary>Writes the bundle (a zip) to <paramref name="destination"/>, which is left open, e.g. a database blob or an HTTP request body.</summary>
    public void Save(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        WriteZip(destination, cancellationToken);
    }

    /// <summary>As <see cref="Save(string, CancellationToken)"/>, writing the file asynchronously.</summary>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return AtomicFile.WriteAsync(path, (file, ct) => SaveAsync(file, ct), cancellationToken);
    }

    /// <summary>
    /// Writes the bundle (a zip) to <paramref name="destination"/>, which is left open. The zip is built in memory
    /// (the entries are there already) and then copied asynchronously, so a slow destination never blocks a thread.
    /// </summary>
    public async Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new MemoryStream();
        WriteZip(buffer, cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and validates a bundle; each entry may hold up to <see cref="DefaultMaxEntryBytes"/>.</summary>
    /// <exception cref="ModelLoadException">The file is missing, not a bundle, truncated or corrupted, of an unknown format version, inconsistent, or an entry is over the size limit.</exception>
    public static ModelBundle Load(string path) => Load(path, DefaultMaxEntryBytes);

    /// <summary>
    /// Reads and validates a bundle. Only <c>manifest.json</c> and the entries the manifest lists are read — anything
    /// else in the archive is ignored unread — and each must be at most <paramref name="maxEntryBytes"/> both as declared
    /// in the archive and as actually decompressed, and match its CRC-32, so a hostile or damaged file costs bounded
    /// memory and time.
    /// </summary>
    /// <param name="path">The <c>.psdk</c> file.</param>
    /// <param name="maxEntryBytes">Largest entry accepted, in bytes (the manifest is limited to <see cref="MaxManifestBytes"/>).</param>
    /// <exception cref="ModelLoadException">The file is missing, not a bundle, truncated or corrupted, of an unknown format version, inconsistent, or an entry is over the size limit.</exception>
    public static ModelBundle Load(string path, long maxEntryBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckLimit(maxEntryBytes);
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "the file does not exist.");
        }

        return Read(path, () => BundleArchive.Open(path), maxEntryBytes);
    }

    /// <summary>
    /// Reads and validates a bundle from a seekable stream (left open), e.g. an embedded resource or a buffered blob,
    /// under the same limits as <see cref="Load(string, long)"/>. Read a network stream with <see cref="LoadAsync(Stream, string, long, CancellationToken)"/>.
    /// </summary>
    /// <param name="stream">The zip content, from its start.</param>
    /// <param name="source">Name of the bundle in error messages, e.g. a resource name or a URL.</param>
    /// <param name="maxEntryBytes">Largest entry accepted, in bytes.</param>
    /// <exception cref="ModelLoadException">The content is not a bundle, truncated or corrupted, of an unknown format version, inconsistent, or an entry is over the size limit.</exception>
    public static ModelBundle Load(Stream stream, string source = "stream", long maxEntryBytes = DefaultMaxEntryBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        CheckLimit(maxEntryBytes);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable; read a network stream with LoadAsync.", nameof(stream));
        }

        return Read(source, () => BundleArchive.Open(source, stream), maxEntryBytes);
    }

    /// <summary>As <see cref="Load(string, long)"/>, reading the file asynchronously.</summary>
    /// <exception cref="ModelLoadException">The file is missing, larger than <see cref="MaxBundleBytes"/>, not a bundle, truncated or corrupted, of an unknown format version, inconsistent, or an entry is over the size limit.</exception>
    public static async Task<ModelBundle> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "the file does not exist.");
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await LoadAsync(file, path, DefaultMaxEntryBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads and validates a bundle from any stream (left open) — an HTTP response, a database blob, an embedded
    /// resource. The content is first copied into memory asynchronously, at most <see cref="MaxBundleBytes"/>, then
    /// checked as <see cref="Load(string, long)"/> does.
    /// </summary>
    /// <param name="stream">The zip content.</param>
    /// <param name="source">Name of the bundle in error messages, e.g. a URL or a row id.</param>
    /// <param name="maxEntryBytes">Largest entry accepted, in bytes.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="ModelLoadException">The content is larger than <see cref="MaxBundleBytes"/>, not a bundle, truncated or corrupted, of an unknown format version, inconsistent, or an entry is over the size limit.</exception>
    public static async Task<ModelBundle> LoadAsync(Stream stream, string source = "stream", long maxEntryBytes = DefaultMaxEntryBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        CheckLimit(maxEntryBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBundleBytes)
            {
                throw new ModelLoadException(source, string.Create(CultureInfo.InvariantCulture, $"it is larger than the limit of {MaxBundleBytes:N0} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return Read(source, () => BundleArchive.Open(source, buffer), maxEntryBytes);
    }

    private static void CheckLimit(long maxEntryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntryBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxEntryBytes, Array.MaxLength);
    }

    private static ModelBundle Read(string path, Func<BundleArchive> open, long maxEntryBytes)
    {
        using var activity = BundleTelemetry.ActivitySource.StartActivity("bundle.load");
        activity?.SetTag("psdk.bundle.path", path);
        using var archive = open();
        byte[] manifestBytes = archive.Read(ManifestEntry, MaxManifestBytes)
            ?? throw new ModelLoadException(path, $"the archive has no {ManifestEntry}.");
        var manifest = ParseManifest(path, manifestBytes);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in manifest.Entries.Keys)
        {
            entries[name] = archive.Read(name, maxEntryBytes)
                ?? throw new ModelLoadException(path, $"the manifest lists '{name}' but the archive has no such entry.");
        }

        activity?.SetTag("psdk.bundle.entries", entries.Count);
        activity?.SetTag("psdk.bundle.bytes", manifestBytes.LongLength + entries.Values.Sum(e => e.LongLength));
        string? problem = Check(manifest, entries, out var spec, out var scaler, out var cause);
        return problem is null ? new ModelBundle(manifest, spec!, scaler!, entries) : throw new ModelLoadException(path, problem, cause);
    }

    private void WriteZip(Stream destination, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        WriteEntry(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(Manifest, BundleJsonContext.Default.BundleManifest));
        foreach (var (name, content) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteEntry(zip, name, content);
        }
    }

    private static BundleManifest ParseManifest(string path, byte[] manifestBytes)
    {
        BundleManifest? manifest;
        try
        {
            var node = JsonNode.Parse(manifestBytes);
            int? version = node?["formatVersion"]?.GetValue<int>();
            if (version is null)
            {
                throw new ModelLoadException(path, $"{ManifestEntry} has no formatVersion.");
            }

            if (version < 1 || version > CurrentFormatVersion)
            {
                throw new ModelLoadException(path, $"bundle format version {version} is not supported; this library reads versions 1 to {CurrentFormatVersion}.");
            }

            manifest = node.Deserialize(BundleJsonContext.Default.BundleManifest);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw new ModelLoadException(path, $"{ManifestEntry} is malformed: {ex.Message}", ex);
        }

        return manifest ?? throw new ModelLoadException(path, $"{ManifestEntry} is empty.");
    }

    private static string? Check(BundleManifest manifest, Dictionary<string, byte[]> entries, out FeatureSpec? spec, out RobustScaler? scaler, out Exception? cause)
    {
        spec = null;
        scaler = null;
        cause = null;
        if (!PredictionSdk.Symbol.TryParse(manifest.Symbol, out _))
        {
            return $"the symbol '{manifest.Symbol}' is not valid.";
        }

        if (!PredictionSdk.Interval.TryParse(manifest.Interval, out _))
        {
            return $"the interval '{manifest.Interval}' is not supported.";
        }

        try
        {
            spec = Features.FeatureSpec.FromJson(manifest.FeatureSpec.ToJsonString());
        }
        catch (FeatureSpecVersionException ex)
        {
            cause = ex;
            return $"it was trained on feature spec version {ex.Version}, and this library computes version {Features.FeatureSpec.CurrentVersion} features; retrain the model.";
        }
        catch (ArgumentException ex)
        {
            cause = ex;
            return $"the feature spec is invalid: {ex.Message}";
        }

        try
        {
            scaler = RobustScaler.FromJson(manifest.Scaler.ToJsonString());
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException)
        {
            return $"the scaler is invalid: {ex.Message}";
        }

        if (manifest.Horizons is null || !manifest.Horizons.SequenceEqual(spec.Horizons))
        {
            return $"the horizons ({Join(manifest.Horizons)}) do not match the feature spec's ({Join(spec.Horizons)}).";
        }

        if (manifest.WindowLength != spec.WindowLength)
        {
            return $"the window length {manifest.WindowLength} does not match the feature spec's {spec.WindowLength}.";
        }

        if (manifest.Interval != spec.BaseInterval)
        {
            return $"the interval {manifest.Interval} does not match the feature spec's {spec.BaseInterval}.";
        }

        if (manifest.FeatureNames is null || scaler is null || !manifest.FeatureNames.SequenceEqual(scaler.FeatureNames))
        {
            return "the feature names do not match the scaler's.";
        }

        if (manifest.TargetScale is not null && manifest.TargetScale.Count != manifest.Horizons.Count)
        {
            return $"targetScale has {manifest.TargetScale.Count} values for {manifest.Horizons.Count} horizons.";
        }

        foreach (string name in manifest.Entries.Keys)
        {
            if (!entries.ContainsKey(name))
            {
                return $"the manifest lists '{name}' but the archive has no such entry.";
            }
        }

        return CheckPool(manifest, scaler);
    }

    private static Dictionary<string, string> Describe(IReadOnlyDictionary<string, string>? described, IEnumerable<string> names)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            result[name] = described is not null && described.TryGetValue(name, out string? d) ? d : name switch
            {
                WeightsEntry => "TorchSharp state dict",
                OnnxEntry => "ONNX graph",
                CalibrationEntry => "calibration",
                EvaluationEntry => "out-of-sample evaluation report",
                _ => "data",
            };
        }

        return result;
    }

    private static readonly DateTimeOffset FixedEntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void WriteEntry(ZipArchive zip, string name, byte[] content)
    {
        // A fixed entry time makes the bytes depend on the content only: the same bundle saved twice hashes the same
        // (the registry relies on it), and the manifest already records when the model was created.
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedEntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string Join(IReadOnlyList<int>? values) => values is null ? "none" : string.Join(",", values);
}
