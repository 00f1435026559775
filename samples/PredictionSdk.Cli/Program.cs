using PredictionSdk.Cli;

// Each command group lives in its own file under Commands/ and is listed in CommandCatalog.
return await CommandCatalog.CreateRoot().Parse(args).InvokeAsync().ConfigureAwait(false);
