using System.CommandLine;
using System.Globalization;

namespace PredictionSdk.Cli.Tests;

/// <summary>Runs psdk in process with captured output, and finds the bundled data files.</summary>
internal static class Psdk
{
    public static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>The sample model bundle (BTC-USD, 1m bars, horizons 1 and 5).</summary>
    public static string SampleModel => Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int exit = await CommandCatalog.InvokeAsync(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
