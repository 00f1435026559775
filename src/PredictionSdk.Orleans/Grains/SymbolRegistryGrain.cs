using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace PredictionSdk.Orleans;

/// <summary>
/// The set of started symbols, persisted, so that the symbols of a dead silo can be woken on the survivors. One
/// instance (key <see cref="Key"/>) serves the cluster.
/// </summary>
public interface ISymbolRegistryGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's registry.</summary>
    const string Key = "symbols";

    /// <summary>Adds symbols to the started set.</summary>
    Task AddAsync(string[] symbols);

    /// <summary>Removes symbols from the started set.</summary>
    Task RemoveAsync(string[] symbols);

    /// <summary>The started symbols.</summary>
    Task<string[]> GetAsync();

    /// <summary>Calls every started symbol so that each is active somewhere (a no-op for those already active).</summary>
    [OneWay]
    Task WakeAllAsync();
}

/// <summary>The persisted set of started symbols.</summary>
[GenerateSerializer]
public sealed class SymbolRegistryState
{
    /// <summary>Canonical names of the started symbols.</summary>
    [Id(0)]
    public HashSet<string> Symbols { get; set; } = new(StringComparer.Ordinal);
}

internal sealed partial class SymbolRegistryGrain(
    [PersistentState("registry", PredictionStreams.StorageName)] IPersistentState<SymbolRegistryState> state,
    IOptions<PredictionClusterOptions> options,
    ILogger<SymbolRegistryGrain> logger) : Grain, ISymbolRegistryGrain
{
    private const int WakeBatch = 256;

    public async Task AddAsync(string[] symbols)
    {
        int before = state.State.Symbols.Count;
        state.State.Symbols.UnionWith(symbols);
        if (state.State.Symbols.Count != before)
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    public async Task RemoveAsync(string[] symbols)
    {
        int before = state.State.Symbols.Count;
        state.State.Symbols.ExceptWith(symbols);
        if (state.State.Symbols.Count != before)
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    public Task<string[]> GetAsync() => Task.FromResult(state.State.Symbols.Order(StringComparer.Ordinal).ToArray());

    public async Task WakeAllAsync()
    {
        // Calls right after a silo's death may still be routed to it and fail once; those are retried.
        string[] left = [.. state.State.Symbols];
        for (int attempt = 1; attempt <= options.Value.WakeAttempts && left.Length > 0; attempt++)
        {
            var failed = new List<string>();
            foreach (var chunk in left.Chunk(WakeBatch))
            {
                var calls = chunk.Select(s => (Symbol: s, Task: GrainFactory.GetGrain<IPredictionSymbolGrain>(s).StartAsync())).ToArray();
                foreach (var (symbol, call) in calls)
                {
                    try
                    {
                        await call.ConfigureAwait(true);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failed.Add(symbol);
                    }
                }
            }

            left = [.. failed];
            if (left.Length > 0)
            {
                Log.WakeRetry(logger, left.Length, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt)).ConfigureAwait(true);
            }
        }

        Log.Woken(logger, state.State.Symbols.Count - left.Length, left.Length);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Woke {Woken} symbols; {Failed} could not be reached")]
        public static partial void Woken(ILogger logger, int woken, int failed);

        [LoggerMessage(2, LogLevel.Debug, "{Count} symbols did not answer on attempt {Attempt}; retrying")]
        public static partial void WakeRetry(ILogger logger, int count, int attempt);
    }
}
