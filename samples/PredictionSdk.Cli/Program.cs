using System.CommandLine;
using PredictionSdk.Cli;

// Each command group lives in its own file under Commands/ and is added here.
var root = new RootCommand("psdk: PredictionSdk command line — market data, indicators, training, evaluation, prediction and streaming.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
