using System.Globalization;
using System.Runtime.CompilerServices;
using PredictionSdk.Data.Replay;
using PredictionSdk.Streaming;

namespace PredictionSdk.Streaming.Tests;

/// <summary>Malformed data stops its source with the error; transient failures keep the retry policy.</summary>
public sealed class SourceFaultTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("psdk-faults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A minute-bar CSV of <paramref name="rows"/> rows whose close at data row <paramref name="badRow"/> is not a number.</summary>
    private string CsvWithBadRow(int rows, int badRow)
    {
        string path = Path.Combine(_directory, "BTCUSDT-1m.csv");
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        for (int i = 0; i < rows; i++)
        {
            var c = Bars.At(i, Bars.PriceOf(i));
            string close = i == badRow ? "12x.5" : c.Close.ToString(CultureInfo.InvariantCulture);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{c.Timestamp:yyyy-MM-ddTHH:mm:ssZ},{c.Open},{c.High},{c.Low},{close},{c.Volume}"));
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task A_malformed_replay_file_stops_its_source_with_file_line_and_field_instead_of_retrying()
    {
        string path = CsvWithBadRow(3000, badRow: 2498);
        var replay = new ReplayCandleSource(new ReplayOptions { Files = { ["BTC-USDT"] = path } });
        await using var stream = StreamFactory.Create([replay], StreamFactory.Options("BTC-USDT"), s => new FakePredictor(s));
        var raised = new List<SourceFault>();
        stream.SourceFaulted += (_, fault) => raised.Add(fault);
        await stream.StartAsync();

        var error = await Assert.ThrowsAsync<CandleFormatException>(() => stream.Completion.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(2500, error.LineNumber); // the header is line 1, data row 2498 (0-based) is line 2500
        Assert.Equal("close", error.Field);
        var fault = Assert.Single(stream.Faults);
        Assert.Equal("replay", fault.Source);
        Assert.Same(error, fault.Error);
        Assert.Same(fault, Assert.Single(raised));
        Assert.Equal(1, stream.Statistics.FaultedSources);
        Assert.Equal(0, stream.Statistics.Reconnects);
        await stream.StopAsync(); // stopping a faulted stream is not an error
    }

    [Fact]
    public async Task The_other_sources_go_on_when_one_is_stopped()
    {
        var btc = Symbol.Parse("BTC-USDT");
        var bad = new ReplayCandleSource(new ReplayOptions { Files = { ["BTC-USDT"] = CsvWithBadRow(50, badRow: 10) } });
        var good = new ScriptedSource("fake", Enumerable.Range(0, 20).Select(m => Bars.Final(btc, m, Bars.PriceOf(m), source: "fake")).ToList());
        var options = StreamFactory.Options("BTC-USDT");
        options.WorkerCount = 1;
        await using var stream = StreamFactory.Create([bad, good], options, s => new FakePredictor(s));
        var predictions = StreamFactory.CollectAsync(stream.ReadAllAsync());
        await stream.StartAsync();

        await Assert.ThrowsAsync<CandleFormatException>(() => stream.Completion.WaitAsync(TimeSpan.FromSeconds(20)));

        // The composite of the surviving exchange closes every bar it sent.
        Assert.Equal(Enumerable.Range(0, 20), (await predictions).Select(p => (int)(p.Timestamp - Bars.Start).TotalMinutes));
        Assert.Equal("replay", Assert.Single(stream.Faults).Source);
    }

    [Fact]
    public async Task A_network_failure_is_retried_not_faulted()
    {
        var btc = Symbol.Parse("BTC-USD");
        var source = new ScriptedSource("fake", Enumerable.Range(0, 3).Select(m => Bars.Final(btc, m)).ToList())
        {
            FailAfter = 2,
            AfterReconnect = Enumerable.Range(2, 3).Select(m => Bars.Final(btc, m)).ToList(),
        };
        await using var stream = StreamFactory.Create([source], StreamFactory.Options("BTC-USD"), s => new FakePredictor(s));
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(stream.Faults);
        Assert.Equal(1, stream.Statistics.Reconnects);
        Assert.Equal(5, stream.Statistics.Predictions);
    }

    [Fact]
    public async Task Sources_that_count_their_own_reconnects_and_malformed_frames_add_them_to_the_stream()
    {
        var btc = Symbol.Parse("BTC-USD");
        var source = new CountingSource(Enumerable.Range(0, 3).Select(m => Bars.Final(btc, m)).ToList());
        await using var stream = StreamFactory.Create([source], StreamFactory.Options("BTC-USD"));
        await stream.StartAsync();
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, stream.Statistics.Reconnects);
        Assert.Equal(7, stream.Statistics.MalformedFrames);
    }

    /// <summary>A user-written source that keeps its own feed counters.</summary>
    private sealed class CountingSource(IReadOnlyList<CandleUpdate> script) : ICandleSource, IFeedStatistics
    {
        public string Name => "counting";

        public long Reconnects => 3;

        public long MalformedFrames => 7;

        public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in script)
            {
                yield return update;
            }

            await Task.Yield();
        }

        public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Candle>>([]);
    }
}
