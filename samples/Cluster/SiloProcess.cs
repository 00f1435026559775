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
        Console.Error.WriteLine($"silo {options.Index}: silo port {options.SiloPort(options.Index)}, client gateway 127.0.0.1:{options.GatewayPort(options.Index)}, " +
            $"{series.Count} symbol(s) to replay ({options.Clustering} clustering); Ctrl+C stops it");
        // Started by the demo, which holds this process's stdin: end of input means the demo has ended (or died), so
        // this silo leaves too. Started by hand, it runs until stopped.
        var parentGone = options.WatchParent ? Console.In.ReadToEndAsync() : Task.Delay(Timeout.Infinite);
        await Task.WhenAny(host.WaitForShutdownAsync(), parentGone);
        await host.StopAsync(TimeSpan.FromSeconds(5));
        return 0;
    }
}
