using System.CommandLine;
using System.Globalization;

namespace PredictionSdk.Cli.Tests;

/// <summary>Runs psdk in process with captured output, and finds the bundled data files.</summary>
internal static class Psdk
{
    public static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>The sample model bundle (BTC-USD, 1m bars, horizons 1 and 5).</summary>
    public static string SampleModel => Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    /// <summary>The sample model bundle (same as <see cref="SampleModel"/>).</summary>
    public static string Model => Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk");

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int exit = await CommandCatalog.InvokeAsync(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs psdk writing to the given writers; cancelling <paramref name="cancellationToken"/> is Ctrl+C.</summary>
    public static Task<int> RunAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, params string[] args) =>
        CommandCatalog.CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
}

/// <summary>A thread-safe writer that keeps whole lines, for reading a running command's output.</summary>
internal sealed class LineCapture : TextWriter
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly System.Text.StringBuilder _current = new();

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_current.ToString().TrimEnd('\r'));
                _current.Clear();
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    public override string ToString() => string.Join('\n', Lines);
}
