using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data;

namespace PredictionSdk.Cli;

/// <summary>How commands report bad input: one message on stderr and exit code 1, never a stack trace.</summary>
internal static class CommandErrors
{
    public const int ExitBadInput = 1;

    /// <summary>Runs a command body, turning expected failures into a message on stderr and <see cref="ExitBadInput"/>.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            return await body(stdout, stderr).ConfigureAwait(false);
        }
        catch (CandleFormatException ex)
        {
            string where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line}") : string.Empty;
            await stderr.WriteLineAsync($"error: malformed data{where}: {ex.Message}").ConfigureAwait(false);
            return ExitBadInput;
        }
        catch (MarketDataException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitBadInput;
        }
    }

}
