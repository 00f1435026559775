using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace PredictionSdk.Cluster;

/// <summary>
/// Grain storage that outlives any one silo of a single-process cluster (this demo, and the cluster tests, which compile this file), standing in for the database a multi-process cluster
/// uses: states live in a process-wide table (copied in and out, never shared by reference) with ETags checked on
/// every write, as a database provider does.
/// </summary>
internal sealed class ProcessGrainStorage(DeepCopier copier) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (object State, long Version)> Table = new();

    public static void Clear() => Table.Clear();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Table.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = copier.Copy((T)row.State);
            grainState.ETag = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string key = Key(stateName, grainId);
        long expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, System.Globalization.CultureInfo.InvariantCulture);
        object copy = copier.Copy(grainState.State)!;
        var written = Table.AddOrUpdate(
            key,
            _ => expected == 0 ? (copy, 1) : throw new InconsistentStateException($"{key}: row is gone", (string?)null, grainState.ETag),
            (_, row) => row.Version == expected ? (copy, row.Version + 1) : throw new InconsistentStateException($"{key}: stale write", row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), grainState.ETag));
        grainState.ETag = written.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Table.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
