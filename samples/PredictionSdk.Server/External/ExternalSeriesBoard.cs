using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using PredictionSdk.External;
using PredictionSdk.Models;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Features;
using PredictionSdk.Server.Diagnostics;
using PredictionSdk.Server.Live;
using PredictionSdk.Streaming;
using PredictionSdk.Streaming.External;

namespace PredictionSdk.Server.External;

/// <summary>
/// The state of each external series: configured and/or read by the model, loaded or failed, and how old its latest
/// public value is as of the newest bar the server received (the age the model's staleness rule judges). Publishes
/// the gauges <c>psdk.server.external.age</c> and <c>psdk.server.external.stale</c> (tag <c>series</c>).
/// </summary>
internal sealed class ExternalSeriesBoard
{
    private readonly ExternalSeriesServerOptions _settings;
    private readonly ISymbolCatalog _symbols;
    private readonly LiveMarket _market;
    private readonly Interval _interval;
    private readonly Lazy<IReadOnlyList<ExternalSeriesSpec>> _modelReads;
    private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);
    private ExternalSeriesFeed? _feed;

    public ExternalSeriesBoard(IOptions<ExternalSeriesServerOptions> settings, IOptions<RealTimeStreamOptions> stream, IOptions<PredictionSdkOptions> sdk,
        ISymbolCatalog symbols, LiveMarket market, IMeterFactory meters, ILogger<ExternalSeriesBoard> logger)
    {
        _settings = settings.Value;
        _symbols = symbols;
        _market = market;
        _interval = stream.Value.Interval ?? sdk.Value.Interval;
        string? modelPath = stream.Value.ModelPath;
        _modelReads = new(() =>
        {
            try
            {
                return modelPath is null ? [] : ModelBundle.Load(modelPath).FeatureSpec.ExternalSeries ?? [];
            }
            catch (ModelLoadException ex)
            {
                // The model catalog reports an unreadable bundle; here it just reads no series.
                logger.LogWarning(ex, "Cannot read the external series of {Model}", modelPath);
                return [];
            }
        });

        var meter = meters.Create(ServerMetrics.MeterName);
        meter.CreateObservableGauge("psdk.server.external.age", () => Snapshot().Where(s => s.AgeMinutes is not null)
            .Select(s => new Measurement<double>(s.AgeMinutes!.Value, new KeyValuePair<string, object?>("series", s.Name))),
            "min", "Age of each external series' latest public value as of the newest bar (tag: series).");
        meter.CreateObservableGauge("psdk.server.external.stale", () => Snapshot()
            .Select(s => new Measurement<int>(s.Stale == true || s.Error is not null ? 1 : 0, new KeyValuePair<string, object?>("series", s.Name))),
            "{flag}", "1 while an external series is stale or failed (tag: series).");
    }

    /// <summary>The series the model's feature spec reads (empty without a model).</summary>
    public IReadOnlyList<ExternalSeriesSpec> ModelReads => _modelReads.Value;

    /// <summary>Attaches the feed of the polled series, whose wall-clock watch says whether each still receives values.</summary>
    public void Attach(ExternalSeriesFeed feed) => _feed = feed;

    /// <summary>Records that <paramref name="series"/> failed to load or poll.</summary>
    public void Failed(string series, Exception error)
    {
        // The answer names the series already; keep the file, line and field (a file reader names the file as its series).
        string prefix = $"External series '{(error as ExternalSeriesException)?.Series ?? series}': ";
        _errors[series] = error.Message.StartsWith(prefix, StringComparison.Ordinal) ? error.Message[prefix.Length..] : error.Message;
    }

    /// <summary>Every configured series and every series the model reads, by name.</summary>
    public IReadOnlyList<ExternalSeriesState> Snapshot()
    {
        var asOf = _symbols.Symbols.Select(s => _market.LastClosed(s)).OfType<Candle>().Select(c => (DateTime?)(c.Timestamp + _interval.Duration)).Max();
        var names = _settings.Series.Keys.Union(ModelReads.Select(s => s.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return names.Select(name => State(name, asOf)).ToArray();
    }

    private ExternalSeriesState State(string name, DateTime? asOf)
    {
        var spec = ModelReads.FirstOrDefault(s => s.Name == name);
        var settings = _settings.Series.GetValueOrDefault(name);
        string? source = settings is null ? null : settings.Url is { } url ? url.GetLeftPart(UriPartial.Path) : Path.GetFileName(settings.File);
        ExternalSeriesStore.Shared.TryGet(name, out var series);
        TimeSpan? age = null;
        if (asOf is { } time && series is not null && series.TryGetAsOf(time, spec?.PublicationLag ?? TimeSpan.Zero, out var latest))
        {
            age = time - (latest.Timestamp + (spec?.PublicationLag ?? TimeSpan.Zero));
        }

        bool? stale = spec is null || asOf is null ? null : age is null || age > spec.MaxAge;
        bool? receiving = settings?.Url is not null && _feed is { } feed ? !feed.IsStale(name) : null;
        string? error = settings is null ? $"the model reads this series; configure {ExternalSeriesServerOptions.SectionName}:{name}:File or :Url" : _errors.GetValueOrDefault(name);
        return new ExternalSeriesState(name, source, spec is not null, spec?.PublicationLag, spec?.MaxAge, spec?.AllowMissing ?? false,
            series?.Count ?? 0, series?.Latest?.Timestamp, asOf, age?.TotalMinutes, stale, receiving, error);
    }
}

/// <summary>One external series as the server sees it (<c>GET /api/v1/external</c>).</summary>
/// <param name="Name">Name of the series.</param>
/// <param name="Source">File name or URL (without query) it is read from; null when not configured.</param>
/// <param name="ReadByModel">True when the served model reads it.</param>
/// <param name="PublicationLag">The model's publication lag for it.</param>
/// <param name="MaxAge">The model's max age for it.</param>
/// <param name="AllowMissing">Whether the model predicts without it when it is stale.</param>
/// <param name="Observations">Observations held.</param>
/// <param name="Latest">Timestamp of the newest observation.</param>
/// <param name="AsOf">Close of the newest bar received, the time its age is measured at.</param>
/// <param name="AgeMinutes">Minutes since the latest value public at <paramref name="AsOf"/> became public.</param>
/// <param name="Stale">True when the model's rule finds it stale at <paramref name="AsOf"/>; null before the first bar or when the model does not read it.</param>
/// <param name="Receiving">For a polled series: false once nothing new arrived for its <c>StaleAfter</c>.</param>
/// <param name="Error">Why it is not available (not configured, a bad file, a failing endpoint).</param>
public sealed record ExternalSeriesState(string Name, string? Source, bool ReadByModel, TimeSpan? PublicationLag, TimeSpan? MaxAge, bool AllowMissing,
    int Observations, DateTime? Latest, DateTime? AsOf, double? AgeMinutes, bool? Stale, bool? Receiving, string? Error);
