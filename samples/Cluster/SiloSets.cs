using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace PredictionSdk.Cluster;

/// <summary>The silos of the demo: started together, one of them killed midway.</summary>
internal interface ISiloSet : IAsyncDisposable
{
    /// <summary>Silo-to-silo ports of the silos still running, in start order.</summary>
    IReadOnlyList<int> Ports { get; }

    /// <summary>Ends the silo on <paramref name="port"/> without a graceful shutdown.</summary>
    Task KillAsync(int port);

    /// <summary>Resident memory of the processes the silos run in, in bytes.</summary>
    long ResidentBytes();
}

/// <summary>Every silo in this process (localhost clustering).</summary>
internal sealed class InProcessSilos : ISiloSet
{
    private readonly List<(int Port, IHost Host)> _silos = [];

    public IReadOnlyList<int> Ports => [.. _silos.Select(s => s.Port)];

    public static async Task<InProcessSilos> StartAsync(DemoOptions options, ICandleSource source)
    {
        var set = new InProcessSilos();
        for (int i = 0; i < options.Silos; i++)
        {
            var builder = SiloSetup.HostBuilder();
            int index = i;
            builder.UseOrleans(silo => SiloSetup.ConfigureSilo(silo, options, source, index));
            var host = builder.Build();
            await host.StartAsync();
            set._silos.Add((host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Port, host));
        }

        return set;
    }

    public long ResidentBytes() => Environment.WorkingSet;

    public async Task KillAsync(int port)
    {
        var victim = _silos.Single(s => s.Port == port);
        _silos.Remove(victim);
        await victim.Host.StopAsync(new CancellationToken(canceled: true));
        victim.Host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, host) in _silos)
        {
            await host.StopAsync(new CancellationToken(canceled: true));
            host.Dispose();
        }
    }
}

/// <summary>
/// Every silo in its own process (this program with the <c>silo</c> verb), finding each other through the PostgreSQL
/// membership table; a kill is a real process kill.
/// </summary>
internal sealed class ProcessSilos : ISiloSet
{
    private readonly List<(int Port, Process Process)> _silos = [];

    public IReadOnlyList<int> Ports => [.. _silos.Select(s => s.Port)];

    public static ProcessSilos Start(DemoOptions options)
    {
        var set = new ProcessSilos();
        string dotnet = Environment.ProcessPath ?? "dotnet";
        string self = typeof(ProcessSilos).Assembly.Location;
        for (int i = 0; i < options.Silos; i++)
        {
            // stdout stays the demo's (the silos write only logs, to stderr); stdin is kept so a silo notices its parent dying.
            var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardInput = true };
            start.ArgumentList.Add(self);
            foreach (string arg in options.SiloArguments(i))
            {
                start.ArgumentList.Add(arg);
            }

            set._silos.Add((options.SiloPort(i), Process.Start(start) ?? throw new InvalidOperationException($"silo {i} did not start")));
        }

        return set;
    }

    public long ResidentBytes() => _silos.Sum(s =>
    {
        s.Process.Refresh();
        return s.Process.WorkingSet64;
    });

    public async Task KillAsync(int port)
    {
        var victim = _silos.Single(s => s.Port == port);
        _silos.Remove(victim);
        victim.Process.Kill(entireProcessTree: true);
        await victim.Process.WaitForExitAsync();
        victim.Process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _silos)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
