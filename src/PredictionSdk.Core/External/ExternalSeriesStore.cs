using System.Collections.Concurrent;

namespace PredictionSdk.External;

/// <summary>
/// The external series known to a process, by name. Feeds append to it; feature pipelines read from it as of each
/// bar's close. <see cref="Shared"/> is the store used when none is given explicitly.
/// </summary>
public sealed class ExternalSeriesStore
{
    private readonly ConcurrentDictionary<string, ExternalSeries> _series = new(StringComparer.Ordinal);

    /// <summary>The process-wide store, used by pipelines, trainers and streams that are not given one.</summary>
    public static ExternalSeriesStore Shared { get; } = new();

    /// <summary>Names of the series held.</summary>
    public IReadOnlyCollection<string> Names => _series.Keys.ToArray();

    /// <summary>The series named <paramref name="name"/>, created empty on first use.</summary>
    public ExternalSeries GetOrAdd(string name)
    {
        ExternalSeries.CheckName(name);
        return _series.GetOrAdd(name, static n => new ExternalSeries(n));
    }

    /// <summary>The series named <paramref name="name"/>, if it exists.</summary>
    public bool TryGet(string name, out ExternalSeries series) => _series.TryGetValue(name, out series!);

    /// <summary>Replaces (or adds) a whole series, e.g. one read from a file for training.</summary>
    public void Set(ExternalSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series[series.Name] = series;
    }

    /// <summary>Removes every series.</summary>
    public void Clear() => _series.Clear();
}
