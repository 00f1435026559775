using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PredictionSdk.Models;

namespace PredictionSdk.Cli;

/// <summary>The exit codes of every psdk command (documented in README.md and docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected error — a bug; the message names the exception, <c>--verbose</c> prints the stack trace.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad input: an argument, a malformed or invalid data file, data rejected by validation, an interval or horizon the model does not have.</summary>
    public const int BadInput = 2;

    /// <summary>Bad model: a bundle that is missing, truncated, corrupted or of another kind.</summary>
    public const int BadModel = 3;

    /// <summary>I/O: a file or folder that cannot be read or written, a database that cannot be opened or is not a sound SQLite file.</summary>
    public const int IoError = 4;

    /// <summary>Stopped by Ctrl+C before finishing.</summary>
    public const int Cancelled = 130;
}

/// <summary>A failure a command words itself, with its exit code.</summary>
internal sealed class CommandException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// The one error boundary of psdk: every command runs inside it (<see cref="CommandCatalog"/> wraps them all), and
/// any failure becomes one line on stderr naming what was wrong, a documented exit code (<see cref="ExitCodes"/>),
/// and a stack trace only with <c>--verbose</c>.
/// </summary>
internal static partial class CommandErrors
{
    /// <summary><c>--verbose</c>, on every command: print the stack trace of an error.</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "On error, also print the exception and its stack trace.", Recursive = true };

    /// <summary>Runs a command body with the invocation's stdout and stderr.</summary>
    public static Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body) =>
        body(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);

    /// <summary>The exit code and the one-line message for <paramref name="error"/>.</summary>
    public static (int ExitCode, string Message) Classify(Exception error) => error switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
        CommandException e => (e.ExitCode, e.Message),
        ModelLoadException e => (ExitCodes.BadModel, e.Message),
        CandleFormatException e => (ExitCodes.BadInput, e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"malformed data at line {line}: {e.Message}")
            : $"malformed data: {e.Message}"),
        PredictionSdkException e => (ExitCodes.BadInput, e.Message),
        OptionsValidationException e => (ExitCodes.BadInput, e.Message),
        FileNotFoundException e => (ExitCodes.IoError, e.FileName is { } file ? $"file not found: {file}" : e.Message),
        DirectoryNotFoundException e => (ExitCodes.IoError, e.Message),
        UnauthorizedAccessException e => (ExitCodes.IoError, e.Message),
        IOException e => (ExitCodes.IoError, e.Message),
        DbException e => (ExitCodes.IoError, $"database error: {e.Message}"),
        ArgumentException e => (ExitCodes.BadInput, WithoutParameterSuffix(e)),
        FormatException e => (ExitCodes.BadInput, e.Message),
        _ => (ExitCodes.Unexpected, $"unexpected {error.GetType().Name}: {error.Message}"),
    };

    /// <summary>Writes the error line (and, with <paramref name="verbose"/>, the exception) and returns its exit code.</summary>
    public static async Task<int> ReportAsync(Exception error, TextWriter stderr, bool verbose)
    {
        var (exit, message) = Classify(error);
        string hint = exit == ExitCodes.Unexpected && !verbose ? " (run with --verbose for the stack trace)" : string.Empty;
        await stderr.WriteLineAsync($"error: {OneLine(message)}{hint}").ConfigureAwait(false);
        if (verbose)
        {
            await stderr.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        return exit;
    }

    /// <summary>Wraps a database failure so that it names the database file.</summary>
    public static async Task<T> WithDatabaseAsync<T>(string path, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new CommandException(ExitCodes.IoError, $"database {path}: {ex.Message}", ex);
        }
    }

    private static string OneLine(string text) => LineBreaks().Replace(text.Trim(), " ");

    // "… (Parameter 'horizon')" and "Actual value was 3." repeat what the message already says.
    private static string WithoutParameterSuffix(ArgumentException error)
    {
        string message = error.Message;
        int suffix = error.ParamName is null ? -1 : message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return suffix > 0 ? message[..suffix] : message;
    }

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreaks();
}

/// <summary>Runs a command's own action inside the error boundary.</summary>
internal sealed class ErrorBoundaryAction(CommandLineAction inner) : AsynchronousCommandLineAction
{
    public CommandLineAction Inner { get; } = inner;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        try
        {
            return Inner switch
            {
                AsynchronousCommandLineAction action => await action.InvokeAsync(parseResult, cancellationToken).ConfigureAwait(false),
                SynchronousCommandLineAction action => action.Invoke(parseResult),
                _ => throw new InvalidOperationException($"Unknown action type {Inner.GetType().Name}."),
            };
        }
        catch (Exception ex)
        {
            return await CommandErrors.ReportAsync(ex, parseResult.InvocationConfiguration.Error, parseResult.GetValue(CommandErrors.Verbose)).ConfigureAwait(false);
        }
    }
}
