using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using PredictionSdk.Data;
using PredictionSdk.Data.Csv;

namespace PredictionSdk.Benchmarks.Data;

/// <summary>
/// Parse throughput of the candle CSV reader on the bundled BTCUSDT file (30,000 real 1-minute rows),
/// from memory so that disk speed does not count. Each reported time is per row (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class CsvParseBenchmarks
{
    private const int Rows = 30_000;
    private readonly Candle[] _batch = new Candle[4096];
    private byte[] _gzip = [];
    private byte[] _plain = [];
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = BundledData.Path("BTCUSDT-1m-2024-01.csv.gz");
        _gzip = File.ReadAllBytes(_path);
        using var inflated = new MemoryStream();
        using (var gz = new GZipStream(new MemoryStream(_gzip), CompressionMode.Decompress))
        {
            gz.CopyTo(inflated);
        }

        _plain = inflated.ToArray();
        if (ParseCsvGz() != Rows || ParseCsvGzChecked() != Rows || ParseCsv() != Rows)
        {
            throw new InvalidOperationException("The bundled file no longer has the expected row count.");
        }
    }

    /// <summary>Gzip-compressed CSV: decompression plus parsing.</summary>
    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public int ParseCsvGz()
    {
        using var reader = new CandleCsvReader(new GZipStream(new MemoryStream(_gzip), CompressionMode.Decompress), "bench");
        return Drain(reader);
    }

    /// <summary>Gzip-compressed CSV as users read it: sniffed, decompressed, CRC-32 and length checked against the trailer.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int ParseCsvGzChecked()
    {
        using var reader = CandleCsvReader.Open(new MemoryStream(_gzip), "bench");
        return Drain(reader);
    }

    /// <summary>Plain CSV: parsing alone.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int ParseCsv()
    {
        using var reader = new CandleCsvReader(new MemoryStream(_plain), "bench");
        return Drain(reader);
    }

    /// <summary>The public facade from the file on disk into a list.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> ReadAllAsyncCsvGz() => (await CandleFile.ReadAllAsync(_path)).Count;

    private int Drain(CandleCsvReader reader)
    {
        int total = 0, n;
        while ((n = reader.ReadBatch(_batch)) > 0)
        {
            total += n;
        }

        return total;
    }
}
