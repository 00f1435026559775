using System.Globalization;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Data.Tests;

/// <summary>
/// Entry point of the test assembly. The test host ignores it; the kill-mid-ingest test starts this assembly as a
/// child process with <c>ingest DB ROWS BATCH</c> and kills it while it writes.
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

        return 2;
    }

    /// <summary>Deterministic row <paramref name="i"/> of the ingest, so the parent can check what it finds.</summary>
    public static Candle IngestRow(long i) =>
        new(TestData.Start.AddMinutes(i), 100 + (i % 17), 120 + (i % 17), 90, 110 + (i % 5), i);

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
