namespace PredictionSdk.Server.External;

/// <summary>
/// One external series the server reads (section <c>PredictionSdk:ExternalSeries:&lt;name&gt;</c>): a file loaded
/// once at start, or an HTTP endpoint polled for new values. How a model joins it (publication lag, max age, whether
/// it may predict without it) is recorded in the model bundle, which was trained that way, and is not configured here.
/// </summary>
public sealed class ExternalSeriesSettings
{
    /// <summary>CSV or CSV.gz file with a <c>timestamp</c> and a value column, relative to the server's folder; loaded whole before the stream starts.</summary>
    public string? File { get; set; }

    /// <summary>HTTP endpoint answering a JSON array of <c>{"timestamp", "value"}</c> objects, polled every <see cref="PollInterval"/>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Time between polls of <see cref="Url"/>. Default 1 minute.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Name of the value column of <see cref="File"/>; null for <c>value</c> or the second column.</summary>
    public string? Column { get; set; }

    /// <summary>A polled series that receives nothing new for this long (wall clock) is reported as not receiving. Default 15 minutes.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The configured external series by name (section <c>PredictionSdk:ExternalSeries</c>).</summary>
public sealed class ExternalSeriesServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "PredictionSdk:ExternalSeries";

    /// <summary>Series by name; the name is the one the model's feature spec uses.</summary>
    public Dictionary<string, ExternalSeriesSettings> Series { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems with the settings, each naming its series; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, series) in Series)
        {
            string at = $"{SectionName}:{name}";
            try
            {
                PredictionSdk.External.ExternalSeries.CheckName(name);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{at}: {ex.Message}");
            }

            if (string.IsNullOrWhiteSpace(series.File) == (series.Url is null))
            {
                problems.Add($"{at}: set File or Url (one of them).");
            }

            if (series.Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            {
                problems.Add($"{at}:Url must be an absolute http or https address; was '{url}'.");
            }

            if (series.PollInterval < TimeSpan.FromMilliseconds(100) || series.StaleAfter <= TimeSpan.Zero)
            {
                problems.Add($"{at}: PollInterval must be at least 100 ms and StaleAfter positive.");
            }
        }

        return problems;
    }
}
