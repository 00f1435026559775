using Microsoft.Extensions.Hosting;

namespace PredictionSdk.Cluster;

/// <summary>The <c>silo</c> verb: one silo of a multi-process cluster, running until stopped or until its parent goes away.</summary>
internal static class SiloProcess
{
    public static async Task<int> RunAsync(DemoOptions options)
    {
        var series = await SiloSetup.ReadSeriesAsync(options);
        var builder = SiloSetup.HostBuilder();
        builder.UseOrleans(silo => SiloSetup.ConfigureSilo(silo, options, SiloSetup.Source(options, series), options.Index));
        using var host = builder.Build();
        await host.StartAsync();
        // The demo holds this process's stdin: end of input means the demo has ended (or died), so this silo leaves too.
        var parentGone = Console.In.ReadToEndAsync();
        await Task.WhenAny(host.WaitForShutdownAsync(), parentGone);
        await host.StopAsync(TimeSpan.FromSeconds(5));
        return 0;
    }
}
