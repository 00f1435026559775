using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PredictionSdk.Server.Tests;

/// <summary>The server sample in-process, on its own temporary database, replaying bundled data fast.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("psdk-server-").FullName;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["PredictionSdk:Feeds:Replay:Speed"] = "600",
        ["PredictionSdk:Stream:ModelPath"] = "",
        ["Server:ReplayHistoryBars"] = "500",
    };

    /// <summary>Further host configuration, applied after <see cref="Settings"/>.</summary>
    public Action<IWebHostBuilder>? Customize { get; set; }

    /// <summary>The bundled test model (horizons 1 and 5).</summary>
    public static string TestModel => Path.Combine(AppContext.BaseDirectory, "TestData", "tiny-hybrid.psdk");

    /// <summary>Starts the app on Kestrel at a free loopback port and returns its base address.</summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(0);
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Server:SqlitePath", Path.Combine(_directory, "server.db"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        Customize?.Invoke(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
