using System.CommandLine;
using System.Globalization;

namespace PredictionSdk.Cli.Tests;

/// <summary>Runs psdk in process with captured output, and finds the bundled data files.</summary>
internal static class Psdk
{
    public static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int exit = await CommandCatalog.CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
