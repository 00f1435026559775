using System.Globalization;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Data.Tests;

/// <summary>
/// Entry point of the test assembly. The test host ignores it; the kill-mid-ingest test starts this assembly as a
/// child process with <c>ingest DB ROWS BATCH</c> and kills it while it writes, and the format tests start it with
/// <c>read FILE</c> to read a file in a process where no format package was registered.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "ingest")
        {
            await IngestAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
            return 0;
        }

        if (args.Length == 2 && args[0] == "read")
        {
            return await ReadAsync(args[1]);
        }

        return 2;
    }

    /// <summary>Deterministic row <paramref name="i"/> of the ingest, so the parent can check what it finds.</summary>
    public static Candle IngestRow(long i) =>
        new(TestData.Start.AddMinutes(i), 100 + (i % 17), 120 + (i % 17), 90, 110 + (i % 5), i);

    /// <summary>Reads a candle file through <see cref="CandleFile"/> in a process that registered no format package.</summary>
    private static async Task<int> ReadAsync(string path)
    {
        try
        {
            Console.Out.WriteLine($"read {(await CandleFile.ReadAllAsync(path)).Count}");
            return 0;
        }
        catch (CandleFileFormatUnavailableException ex)
        {
            Console.Out.WriteLine($"{ex.GetType().Name}|{ex.Format}|{ex.PackageId}|{ex.Message}");
            return 3;
        }
    }

    private static async Task IngestAsync(string path, int rows, int batchSize)
    {
        using var store = new SqliteCandleStore(path, new SqliteCandleStoreOptions { BatchSize = batchSize });
        var progress = new ConsoleProgress();
        Console.Out.WriteLine("ready");
        await store.UpsertAsync(Symbol.Parse("BTC-USD"), Interval.OneMinute, Rows(rows).ToAsyncEnumerable(), progress);
        Console.Out.WriteLine("done");
    }

    private static IEnumerable<Candle> Rows(int count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return IngestRow(i);
        }
    }

    private sealed class ConsoleProgress : IProgress<CandleBatchCommitted>
    {
        public void Report(CandleBatchCommitted value)
        {
            // Written only after the commit returned: a line here means the batch is durable in the WAL.
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {value.BatchNumber} {value.Rows} {value.TotalRows}"));
            Console.Out.Flush();
        }
    }
}
