using System.Runtime.CompilerServices;
using PredictionSdk.External;

namespace PredictionSdk.Data.External;

/// <summary>An <see cref="IExternalSeriesSource"/> over a CSV file (see <see cref="ExternalSeriesFile"/>), for training and replay.</summary>
/// <param name="name">Name of the series.</param>
/// <param name="path">The file.</param>
/// <param name="valueColumn">Name of the value column; null for the default.</param>
public sealed class ExternalSeriesFileSource(string name, string path, string? valueColumn = null) : IExternalSeriesSource
{
    /// <inheritdoc />
    public string Name { get; } = CheckedName(name);

    /// <inheritdoc />
    public async IAsyncEnumerable<ExternalObservation> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var observation in await ExternalSeriesFile.ReadAllAsync(path, valueColumn, cancellationToken).ConfigureAwait(false))
        {
            yield return observation;
        }
    }

    private static string CheckedName(string name)
    {
        ExternalSeries.CheckName(name);
        return name;
    }
}
