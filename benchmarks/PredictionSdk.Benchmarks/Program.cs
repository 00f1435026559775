using BenchmarkDotNet.Running;

// Run a subset with: dotnet run -c Release --project benchmarks/PredictionSdk.Benchmarks -- --filter '*Csv*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
