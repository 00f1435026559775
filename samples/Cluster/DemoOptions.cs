using System.Globalization;

namespace PredictionSdk.Cluster;

/// <summary>Command-line settings of the demo (and of the silo processes it starts).</summary>
internal sealed record DemoOptions(
    int Silos,
    string Input,
    TimeSpan KillAfter,
    string Model,
    double Speed,
    TimeSpan IdleTimeout,
    int Bars,
    string Clustering,
    string? Connection,
    string ClusterId,
    int BasePort,
    int Index,
    string Source,
    DateTime T0,
    TimeSpan Period,
    IReadOnlyList<int> Steps,
    int Boundaries,
    int HistoryBars,
    bool WatchParent)
{
    /// <summary>Silo-to-silo port of silo <paramref name="index"/>.</summary>
    public int SiloPort(int index) => BasePort + index;

    /// <summary>Client gateway port of silo <paramref name="index"/>.</summary>
    public int GatewayPort(int index) => BasePort + 100 + index;

    /// <summary>True when the silos are separate processes sharing a PostgreSQL database.</summary>
    public bool UsesPostgres => Clustering == "postgres";

    public static DemoOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i]] = args[i + 1];
        }

        string root = AppContext.BaseDirectory;
        string clustering = map.GetValueOrDefault("--clustering", "localhost");
        if (clustering is not ("localhost" or "postgres"))
        {
            throw new ArgumentException($"--clustering must be 'localhost' or 'postgres' (was '{clustering}').");
        }

        string? connection = map.GetValueOrDefault("--connection") ?? Environment.GetEnvironmentVariable("PSDK_CLUSTER_POSTGRES");
        if (clustering == "postgres" && string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException("--clustering postgres needs --connection (or PSDK_CLUSTER_POSTGRES): an Npgsql connection string.");
        }

        return new DemoOptions(
            int.Parse(map.GetValueOrDefault("--silos", "3"), CultureInfo.InvariantCulture),
            map.GetValueOrDefault("--input", Path.Combine(root, "data")),
            Duration(map.GetValueOrDefault("--kill-one-after", "30s")),
            map.GetValueOrDefault("--model", Path.Combine(root, "models", "btc-tiny-hybrid.psdk")),
            double.Parse(map.GetValueOrDefault("--speed", "0"), CultureInfo.InvariantCulture),
            Duration(map.GetValueOrDefault("--idle-timeout", "20s")),
            int.Parse(map.GetValueOrDefault("--bars", "0"), CultureInfo.InvariantCulture) is > 0 and var bars ? bars : int.MaxValue,
            clustering,
            connection,
            map.GetValueOrDefault("--cluster-id", $"psdk-demo-{Guid.NewGuid():N}"),
            int.Parse(map.GetValueOrDefault("--base-port", "11111"), CultureInfo.InvariantCulture),
            int.Parse(map.GetValueOrDefault("--index", "0"), CultureInfo.InvariantCulture),
            map.GetValueOrDefault("--source", "replay"),
            DateTime.UnixEpoch.AddMilliseconds(long.Parse(map.GetValueOrDefault("--t0", "0"), CultureInfo.InvariantCulture)),
            Duration(map.GetValueOrDefault("--period", "2s")),
            [.. map.GetValueOrDefault("--steps", "25,50,100,200").Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))],
            int.Parse(map.GetValueOrDefault("--boundaries", "10"), CultureInfo.InvariantCulture),
            int.Parse(map.GetValueOrDefault("--history-bars", "0"), CultureInfo.InvariantCulture),
            map.GetValueOrDefault("--watch-parent", "false") == "true");
    }

    /// <summary>The arguments a silo process of this demo is started with.</summary>
    public IEnumerable<string> SiloArguments(int index) =>
    [
        "silo", "--index", index.ToString(CultureInfo.InvariantCulture), "--input", Input, "--model", Model,
        "--speed", Speed.ToString(CultureInfo.InvariantCulture), "--bars", Bars == int.MaxValue ? "0" : Bars.ToString(CultureInfo.InvariantCulture),
        "--clustering", Clustering, "--connection", Connection ?? string.Empty, "--cluster-id", ClusterId,
        "--base-port", BasePort.ToString(CultureInfo.InvariantCulture), "--source", Source, "--watch-parent", "true",
        "--history-bars", HistoryBars.ToString(CultureInfo.InvariantCulture),
        "--t0", ((long)(T0 - DateTime.UnixEpoch).TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        "--period", $"{Period.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms",
    ];

    private static TimeSpan Duration(string text) => text.EndsWith("ms", StringComparison.Ordinal)
        ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
        : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)) : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
}
