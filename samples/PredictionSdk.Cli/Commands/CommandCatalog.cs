using System.CommandLine;
using PredictionSdk.Data.Parquet;

namespace PredictionSdk.Cli;

/// <summary>The top-level commands of psdk, one group per file.</summary>
internal static class CommandCatalog
{
    /// <summary>The psdk root command with every command group.</summary>
    public static RootCommand CreateRoot()
    {
        // Every file option takes .parquet as well as .csv and .csv.gz.
        CandleParquetFile.Register();
        var root = new RootCommand("psdk: PredictionSdk command line — market data, indicators, training, evaluation, prediction and streaming.");
        foreach (var command in All())
        {
            root.Subcommands.Add(command);
        }

        return root;
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
    }
}
