using System.Diagnostics;
using System.Globalization;
using PredictionSdk.Data;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Cli.Tests;

/// <summary>
/// <c>kill -9</c> during a write leaves the old output (or none) or the complete new one, never a part. psdk runs as a
/// real child process. For resample the input is a named pipe the test feeds, so the child is provably stopped in the
/// middle of its output when it is killed: the outcome does not depend on timing.
/// </summary>
public sealed class KillDuringWriteTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(".csv")]
    [InlineData(".csv.gz")]
    [InlineData(".parquet")]
    public async Task Killing_resample_in_the_middle_of_its_output_leaves_the_old_file(string extension)
    {
        using var timeout = new CancellationTokenSource(Bound);
        string output = Path.Combine(_dir, "out" + extension);
        await CandleFile.WriteAsync(output, Minutes(1_000, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        byte[] old = await File.ReadAllBytesAsync(output);
        string fifo = Path.Combine(_dir, "in.csv");
        await MakeFifoAsync(fifo);

        using var child = StartPsdk("data", "resample", "--input", fifo, "--interval", "5m", "--output", output);
        await using (var pipe = await OpenForWritingAsync(fifo, timeout.Token))
        {
            // Enough minutes for the first flush of every writer (Parquet writes whole row groups of 131,072 bars).
            // The pipe stays open, so the child waits for more input with its output half written.
            int minutes = extension == ".parquet" ? 700_000 : 100_000;
            var writer = new StreamWriter(pipe, leaveOpen: true) { NewLine = "\n" };
            try
            {
                await writer.WriteLineAsync("timestamp,open,high,low,close,volume");
                foreach (var c in Minutes(minutes, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)))
                {
                    await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{c.Timestamp:yyyy-MM-ddTHH:mm:ssZ},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}"));
                }

                await writer.FlushAsync(timeout.Token);
            }
            catch (IOException)
            {
                // The child stopped reading (it failed): what it left behind is checked below all the same.
            }

            await WaitForPartialOutputAsync(output, old, timeout.Token, child);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal(old, await File.ReadAllBytesAsync(output));
        Assert.Contains(Directory.GetFiles(_dir), f => Path.GetFileName(f).StartsWith(".out" + extension + ".", StringComparison.Ordinal) && new FileInfo(f).Length > 0);
    }

    [Theory]
    [InlineData("export")]
    [InlineData("indicators")]
    public async Task Killing_a_command_as_soon_as_it_writes_leaves_the_old_file_or_the_complete_new_one(string command)
    {
        using var timeout = new CancellationTokenSource(Bound);
        string output = Path.Combine(_dir, "out.csv");
        await File.WriteAllTextAsync(output, "timestamp,open,high,low,close,volume\n2020-01-01T00:00:00Z,1,1,1,1,1\n", timeout.Token);
        byte[] old = await File.ReadAllBytesAsync(output, timeout.Token);
        string[] args;
        int expectedRows;
        if (command == "export")
        {
            string db = Path.Combine(_dir, "candles.db");
            expectedRows = 200_000;
            using (var store = new SqliteCandleStore(db, new SqliteCandleStoreOptions { BatchSize = 50_000 }))
            {
                await store.UpsertAsync(Symbol.Parse("BTC-USD"), Interval.OneMinute, Minutes(expectedRows, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToAsyncEnumerable(), cancellationToken: timeout.Token);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            args = ["data", "export", "--db", db, "--symbol", "BTC-USD", "--output", output];
        }
        else
        {
            expectedRows = 30_000;
            args = ["indicators", "--input", Psdk.Bundled("BTCUSDT-1m-2024-01.csv.gz"), "--output", output];
        }

        using var child = StartPsdk(args);
        await WaitForPartialOutputAsync(output, old, timeout.Token, child);
        if (!child.HasExited)
        {
            child.Kill(entireProcessTree: true);
        }

        await child.WaitForExitAsync(timeout.Token);
        byte[] now = await File.ReadAllBytesAsync(output, timeout.Token);
        if (!now.AsSpan().SequenceEqual(old))
        {
            // The child won the race and finished: the new file must then be whole.
            string text = System.Text.Encoding.UTF8.GetString(now);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.Equal(expectedRows + 1, text.Count(ch => ch == '\n'));
        }
    }

    private static IEnumerable<Candle> Minutes(int count, DateTime start)
    {
        for (int i = 0; i < count; i++)
        {
            double open = 100 + (i % 50);
            yield return new Candle(start.AddMinutes(i), open, open + 2, open - 1, open + 1, 10 + (i % 7));
        }
    }

    // Returns once the command has started its output: its temporary file holds data, or (without atomic writes)
    // the destination itself has changed.
    private async Task WaitForPartialOutputAsync(string output, byte[] old, CancellationToken cancellationToken, Process? child = null)
    {
        string prefix = "." + Path.GetFileName(output) + ".";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool started = Directory.GetFiles(_dir).Any(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal) && SafeLength(f) > 0)
                || Changed(output, old);
            if (started || child is { HasExited: true })
            {
                return;
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    // A destination the child holds open for writing cannot be read here: it is being rewritten in place.
    private static bool Changed(string output, byte[] old)
    {
        try
        {
            return !File.ReadAllBytes(output).AsSpan().SequenceEqual(old);
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static Process StartPsdk(params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "psdk.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var child = Process.Start(start)!;
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    // Opening a pipe for writing blocks until the child opens it for reading; if the child never does, a reader
    // opened here releases the blocked open so no thread is left behind.
    private static async Task<FileStream> OpenForWritingAsync(string fifo, CancellationToken cancellationToken)
    {
        var open = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite), CancellationToken.None);
        try
        {
            return await open.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                (await open).Dispose();
            }

            throw;
        }
    }
}
