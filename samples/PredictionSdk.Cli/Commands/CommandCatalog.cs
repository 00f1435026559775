using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using PredictionSdk.Data.Parquet;

namespace PredictionSdk.Cli;

/// <summary>The top-level commands of psdk, one group per file, every one behind the error boundary.</summary>
internal static class CommandCatalog
{
    /// <summary>The psdk root command with every command group; each command's action runs inside <see cref="ErrorBoundaryAction"/>.</summary>
    public static RootCommand CreateRoot()
    {
        // Every file option takes .parquet as well as .csv and .csv.gz.
        CandleParquetFile.Register();
        var root = new RootCommand("psdk: PredictionSdk command line — market data, indicators, training, evaluation, prediction and streaming. Exit codes: 0 ok, 1 unexpected error, 2 bad input, 3 bad model, 4 I/O error, 130 cancelled.");
        root.Options.Add(CommandErrors.Verbose);
        foreach (var command in All())
        {
            root.Subcommands.Add(command);
        }

        Guard(root);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (unknown option, missing value)
    /// prints the parser's errors and exits with <see cref="ExitCodes.BadInput"/>.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            var names = new List<string>();
            for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as CommandResult)
            {
                names.Insert(0, result.Command.Name);
            }

            await configuration.Error.WriteLineAsync($"Run '{string.Join(' ', ["psdk", .. names])} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(configuration).ConfigureAwait(false);
    }

    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return DataCommands.Create();
        yield return IndicatorsCommand.Create();
        yield return StreamCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return BaselinesCommand.Create();
        yield return PredictCommand.Create();
        yield return CalibrateCommand.Create();
        yield return ModelsCommand.Create();
        yield return SimulateCommand.Create();
    }

    // Every command, however deep, gets the same boundary, so no command can print a raw stack trace.
    private static void Guard(Command command)
    {
        if (command.Action is { } action and not ErrorBoundaryAction)
        {
            command.Action = new ErrorBoundaryAction(action);
        }

        foreach (var sub in command.Subcommands)
        {
            Guard(sub);
        }
    }
}
