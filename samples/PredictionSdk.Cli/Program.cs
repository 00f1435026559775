using PredictionSdk.Cli;

// Each command group lives in its own file under Commands/ and is listed in CommandCatalog, which puts every
// command behind one error boundary (exit codes in ExitCodes).
return await CommandCatalog.InvokeAsync(args).ConfigureAwait(false);
