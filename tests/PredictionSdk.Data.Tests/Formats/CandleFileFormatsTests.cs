using System.Diagnostics;
using PredictionSdk.Data.Parquet;

namespace PredictionSdk.Data.Tests.Formats;

public class CandleFileFormatsTests
{
    [Fact]
    public async Task A_parquet_path_without_the_parquet_package_registered_names_the_package_and_the_call()
    {
        using var file = new TestData.TempFile(".parquet");
        await CandleParquetFile.WriteAsync(file.Path, TestData.Minutes(20).ToAsyncEnumerable());

        // A fresh process in which nothing registered the Parquet format, as in an application without the package.
        var (exitCode, output) = await RunChildAsync("read", file.Path);

        Assert.Equal(3, exitCode);
        var parts = output.Trim().Split('|');
        Assert.Equal(nameof(CandleFileFormatUnavailableException), parts[0]);
        Assert.Equal(nameof(CandleFileFormat.Parquet), parts[1]);
        Assert.Equal("PredictionSdk.Data.Parquet", parts[2]);
        Assert.Contains(file.Path, parts[3], StringComparison.Ordinal);
        Assert.Contains("CandleParquetFile.Register()", parts[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_needs_no_registration_in_a_fresh_process()
    {
        var (exitCode, output) = await RunChildAsync("read", TestData.Qqq);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("read ", output, StringComparison.Ordinal);
        Assert.True(int.Parse(output.Trim()[5..], System.Globalization.CultureInfo.InvariantCulture) > 1000);
    }

    [Fact]
    public async Task Registering_parquet_routes_candle_file_reads_and_writes_through_it()
    {
        CandleParquetFile.Register();
        CandleParquetFile.Register();
        Assert.True(CandleFileFormats.IsAvailable(CandleFileFormat.Parquet));

        var candles = TestData.Minutes(50);
        using var file = new TestData.TempFile(".pq");
        Assert.Equal(50, await CandleFile.WriteAsync(file.Path, candles));
        Assert.Equal(candles, await CandleParquetFile.ReadAsync(file.Path).ToListAsync());
        Assert.Equal(candles, await CandleFile.ReadAllAsync(file.Path));
    }

    [Fact]
    public void Csv_is_built_in_and_cannot_be_replaced()
    {
        Assert.True(CandleFileFormats.IsAvailable(CandleFileFormat.Csv));
        Assert.True(CandleFileFormats.IsAvailable(CandleFileFormat.CsvGzip));
        Assert.Null(CandleFileFormats.PackageFor(CandleFileFormat.Csv));
        Assert.Equal("PredictionSdk.Data.Parquet", CandleFileFormats.PackageFor(CandleFileFormat.Parquet));
        var error = Assert.Throws<ArgumentException>(() => CandleFileFormats.Register(new CsvImpostor()));
        Assert.Contains("built into CandleFile", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunChildAsync(params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "exec", typeof(CandleFileFormatsTests).Assembly.Location }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = child.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = child.StandardError.ReadToEndAsync(timeout.Token);
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(string.IsNullOrEmpty(await error), await error);
        return (child.ExitCode, await output);
    }

    private sealed class CsvImpostor : ICandleFileFormatHandler
    {
        public CandleFileFormat Format => CandleFileFormat.Csv;

        public IAsyncEnumerable<Candle> ReadAsync(string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> WriteAsync(string path, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
