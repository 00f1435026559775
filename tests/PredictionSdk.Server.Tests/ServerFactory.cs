using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Server:SqlitePath", Path.Combine(_directory, "server.db"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
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
