using Microsoft.Extensions.Options;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Server.Cluster;
using PredictionSdk.Server.Live;
using PredictionSdk.Streaming;

namespace PredictionSdk.Server;

/// <summary>Start-up decisions that depend on files shipped beside the server.</summary>
internal static class ServerStartup
{
    /// <summary>Relative paths in configuration are relative to the server's folder, wherever it is started from.</summary>
    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);

    /// <summary>The model bundle to use, or null (the stream then runs without predictions) when the file is absent.</summary>
    public static string? ResolveModelPath(string? configured) =>
        configured is null ? null : File.Exists(Resolve(configured)) ? Resolve(configured) : null;

    /// <summary>
    /// Makes replay files absolute and starts the replay after the first <see cref="ServerOptions.ReplayHistoryBars"/>
    /// bars, which <see cref="HistoryLoader"/> puts in the candle store instead.
    /// </summary>
    public static Action<ReplayOptions> ReplayAfterHistory(IConfiguration configuration) => options =>
    {
        foreach (var (symbol, file) in options.Files.ToArray())
        {
            options.Files[symbol] = Resolve(file);
        }

        int historyBars = configuration.GetValue($"{ServerOptions.SectionName}:{nameof(ServerOptions.ReplayHistoryBars)}", new ServerOptions().ReplayHistoryBars);
        if (options.From is null && historyBars > 0 && options.Files.Count > 0)
        {
            var firstBars = options.Files.Values.Where(File.Exists)
                .Select(FirstBar)
                .OfType<DateTime>()
                .ToArray();
            if (firstBars.Length > 0)
            {
                options.From = firstBars.Max() + options.Interval.Duration * historyBars;
            }
        }
    };

    /// <summary>
    /// Open time of a file's first bar, or null when the file cannot be read: a malformed file must not keep the
    /// server from starting; the replay stops on it and <c>/ready</c> says why.
    /// </summary>
    private static DateTime? FirstBar(string path)
    {
        try
        {
            return CandleFile.ReadAsync(path).FirstAsync().AsTask().GetAwaiter().GetResult().Timestamp;
        }
        catch (MarketDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// Binds <see cref="ServerClusterOptions"/> (validated at start) and returns them as configured now, to choose the
    /// prediction source. Adaptive learning runs inside a stream, so it cannot be combined with client mode.
    /// </summary>
    public static ServerClusterOptions AddClusterOptions(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ServerClusterOptions.SectionName);
        services.AddOptions<ServerClusterOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerClusterOptions>, ClusterOptionsValidator>();
        var current = new ServerClusterOptions();
        section.Bind(current);
        return current;
    }

    private sealed class ClusterOptionsValidator(IConfiguration configuration) : IValidateOptions<ServerClusterOptions>
    {
        public ValidateOptionsResult Validate(string? name, ServerClusterOptions options)
        {
            var failures = options.Validate().ToList();
            if (options.IsClient && configuration.GetValue<bool>("PredictionSdk:Adaptive:Enabled"))
            {
                failures.Add("PredictionSdk:Adaptive:Enabled needs the server's own stream; it cannot be combined with Server:Cluster:Mode = Client.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    /// <summary>Reads the manifest of the stream's model bundle.</summary>
    public static IModelCatalog LoadModels(IServiceProvider services)
    {
        var stream = services.GetRequiredService<IOptions<RealTimeStreamOptions>>().Value;
        var symbols = services.GetRequiredService<ISymbolCatalog>().Symbols;
        var bundles = stream.ModelPath is { } path ? symbols.Select(s => (s, path)) : [];
        return new BundleModelCatalog(bundles, services.GetRequiredService<ILogger<BundleModelCatalog>>());
    }
}
