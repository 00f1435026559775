namespace PredictionSdk.Models.Registry;

/// <summary>Settings of a <see cref="ModelRegistry"/>.</summary>
public sealed class ModelRegistryOptions
{
    /// <summary>The registry folder (created on the first change). Holds <c>index.json</c> and <c>versions/&lt;id&gt;/model.psdk</c>.</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>How long a change waits for another writer (another process, too) before failing. Default 30 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first problem with these settings, or null when they are usable.</summary>
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Folder) ? "Folder is required: the directory that holds the registry."
        : LockTimeout <= TimeSpan.Zero ? $"LockTimeout must be positive (got {LockTimeout})."
        : null;
}
