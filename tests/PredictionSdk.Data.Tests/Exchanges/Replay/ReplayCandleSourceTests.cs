using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PredictionSdk.Data.Replay;
using PredictionSdk.Data.Tests.Exchanges.Fakes;

namespace PredictionSdk.Data.Tests.Exchanges.Replay;

public sealed class ReplayCandleSourceTests
{
    private static readonly Symbol Btc = Symbol.Parse("BTC-USDT");
    private static readonly Symbol Eth = Symbol.Parse("ETH-USDT");

    [Fact]
    public async Task Replays_every_bar_once_merged_by_time_and_completes()
    {
        var tape = new CandleTape([Btc, Eth], 30);
        // ETH starts 5 minutes later: the merge must still be in time order.
        var series = new Dictionary<Symbol, IReadOnlyList<Candle>> { [Btc] = tape.Bars[Btc], [Eth] = tape.Bars[Eth][5..] };
        var source = new ReplayCandleSource(series);

        var updates = await ToListAsync(source.StreamAsync([Btc, Eth], Interval.OneMinute));

        Assert.All(updates, u => Assert.True(u.IsFinal));
        Assert.Equal(30 + 25, updates.Count);
        Assert.Equal(updates.Select(u => u.Candle.Timestamp).Order(), updates.Select(u => u.Candle.Timestamp));
        Assert.Equal(tape.Bars[Btc], updates.Where(u => u.Symbol == Btc).Select(u => u.Candle));
        Assert.Equal(tape.Bars[Eth][5..], updates.Where(u => u.Symbol == Eth).Select(u => u.Candle));
        Assert.Equal(55, source.FinalBarsEmitted);
        Assert.All(updates, u => Assert.Equal("replay", u.Source));
    }

    [Fact]
    public async Task Open_bar_updates_move_from_open_toward_close_before_each_final()
    {
        var tape = new CandleTape([Btc], 4);
        var source = new ReplayCandleSource(new Dictionary<Symbol, IReadOnlyList<Candle>> { [Btc] = tape.Bars[Btc] }, new ReplayOptions { OpenBarUpdates = 3 });

        var updates = await ToListAsync(source.StreamAsync([Btc], Interval.OneMinute));

        Assert.Equal(16, updates.Count);
        for (int bar = 0; bar < 4; bar++)
        {
            var c = tape.Bars[Btc][bar];
            var group = updates.Skip(bar * 4).Take(4).ToList();
            Assert.All(group, u => Assert.Equal(c.Timestamp, u.Candle.Timestamp));
            Assert.Equal([false, false, false, true], group.Select(u => u.IsFinal));
            for (int k = 1; k <= 3; k++)
            {
                var p = group[k - 1].Candle;
                Assert.Equal(c.Open + ((c.Close - c.Open) * k / 4), p.Close, 9);
                Assert.Equal(c.Volume * k / 4, p.Volume, 9);
                Assert.Equal(c.TakerBuyVolume * k / 4, p.TakerBuyVolume, 9);
                Assert.Equal(c.QuoteVolume * k / 4, p.QuoteVolume, 9);
                Assert.Equal(Math.Floor(c.TradeCount * k / 4), p.TradeCount);
                Assert.True(p.IsConsistent);
            }

            Assert.Equal(c, group[3].Candle);
        }
    }

    [Fact]
    public async Task Speed_paces_bars_in_market_time()
    {
        var tape = new CandleTape([Btc], 5);
        // 600x: one minute of market time takes 100 ms.
        var source = new ReplayCandleSource(new Dictionary<Symbol, IReadOnlyList<Candle>> { [Btc] = tape.Bars[Btc] }, new ReplayOptions { Speed = ReplaySpeed.Times(600) });

        var clock = Stopwatch.StartNew();
        var updates = await ToListAsync(source.StreamAsync([Btc], Interval.OneMinute));

        Assert.Equal(5, updates.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(480), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Reads_the_bundled_csv_gz_within_the_window()
    {
        var options = new ReplayOptions { From = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2024, 1, 1, 1, 0, 0, DateTimeKind.Utc) };
        options.Files["BTCUSDT"] = Path.Combine(RepoRoot(), "samples", "data", "BTCUSDT-1m-2024-01.csv.gz");
        var source = new ReplayCandleSource(options);

        var updates = await ToListAsync(source.StreamAsync([Btc], Interval.OneMinute));

        Assert.Equal(60, updates.Count);
        Assert.Equal(42283.58, updates[0].Candle.Open);
        Assert.Equal(42298.61, updates[0].Candle.Close);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => options.From.Value.AddMinutes(i)), updates.Select(u => u.Candle.Timestamp));
        var history = await source.GetHistoryAsync(Btc, Interval.OneMinute, options.From.Value.AddMinutes(10), options.From.Value.AddMinutes(20));
        Assert.Equal(updates.Skip(10).Take(10).Select(u => u.Candle), history);
    }

    [Fact]
    public async Task Replays_from_a_candle_store()
    {
        var tape = new CandleTape([Btc], 12);
        var store = new MemoryStore(tape.Bars[Btc]);
        var source = new ReplayCandleSource(new ReplayOptions { From = tape.Start.AddMinutes(2), To = tape.Start.AddMinutes(10) }, store);

        var updates = await ToListAsync(source.StreamAsync([Btc], Interval.OneMinute));

        Assert.Equal(tape.Bars[Btc][2..10], updates.Select(u => u.Candle));
    }

    [Fact]
    public async Task Bad_requests_and_bad_files_give_typed_errors_naming_the_fault()
    {
        var tape = new CandleTape([Btc], 3);
        var source = new ReplayCandleSource(new Dictionary<Symbol, IReadOnlyList<Candle>> { [Btc] = tape.Bars[Btc] });
        await Assert.ThrowsAsync<ArgumentException>(() => ToListAsync(source.StreamAsync([Btc], Interval.FiveMinutes)));
        await Assert.ThrowsAsync<ArgumentException>(() => ToListAsync(source.StreamAsync([Eth], Interval.OneMinute)));

        string path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T00:01:00Z,1,2,zero,1.5,10\n");
        try
        {
            var options = new ReplayOptions();
            options.Files["BTC-USDT"] = path;
            var error = await Assert.ThrowsAsync<CandleFormatException>(() => ToListAsync(new ReplayCandleSource(options).StreamAsync([Btc], Interval.OneMinute)));
            Assert.Equal(3, error.LineNumber);
            Assert.Equal("low", error.Field);
            Assert.Equal("zero", error.Value);
        }
        finally
        {
            File.Delete(path);
        }

        var invalid = Assert.Throws<OptionsValidationException>(() => new ReplayCandleSource(new ReplayOptions { OpenBarUpdates = 100, Name = " " }));
        Assert.Equal(2, invalid.Failures.Count());
    }

    [Fact]
    public async Task A_repeated_open_time_keeps_the_first_bar_and_a_zero_price_stops_the_replay_naming_line_and_field()
    {
        string path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.csv");
        const string Header = "timestamp,open,high,low,close,volume\n";
        await File.WriteAllTextAsync(path, Header +
            "2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n" +
            "2024-01-01T00:01:00Z,1,2,0.5,1.6,10\n" +
            "2024-01-01T00:01:00Z,1,2,0.5,1.9,10\n" +
            "2024-01-01T00:02:00Z,1,2,0.5,1.7,10\n");
        try
        {
            var options = new ReplayOptions();
            options.Files["BTC-USDT"] = path;
            var source = new ReplayCandleSource(options);
            var updates = await ToListAsync(source.StreamAsync([Btc], Interval.OneMinute));
            Assert.Equal([1.5, 1.6, 1.7], updates.Select(u => u.Candle.Close));
            Assert.Equal(1, source.DuplicatesDropped);

            await File.WriteAllTextAsync(path, Header + "2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T00:01:00Z,1,2,0.5,0,10\n");
            var error = await Assert.ThrowsAsync<CandleValidationException>(() => ToListAsync(new ReplayCandleSource(options).StreamAsync([Btc], Interval.OneMinute)));
            Assert.Equal(path, error.Source);
            Assert.Equal(3, error.LineNumber);
            Assert.Equal("close", error.Field);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Registers_through_di_from_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Replay:Speed"] = "60",
            ["Replay:Interval"] = "1m",
            ["Replay:OpenBarUpdates"] = "2",
            ["Replay:Files:BTC-USDT"] = Path.Combine(RepoRoot(), "samples", "data", "BTCUSDT-1m-2024-01.csv.gz"),
        }).Build();
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddReplayFeed(config.GetSection("Replay"), o => o.Speed = ReplaySpeed.Max);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var source = Assert.IsType<ReplayCandleSource>(provider.GetRequiredKeyedService<ICandleSource>("replay"));
        Assert.Equal([Btc], source.Symbols);
        var options = provider.GetRequiredService<IOptions<ReplayOptions>>().Value;
        Assert.Equal(2, options.OpenBarUpdates);
        Assert.True(options.Speed.IsMax);

        var first = await ToListAsync(source.StreamAsync([Btc], Interval.OneMinute), 6);
        Assert.Equal([false, false, true, false, false, true], first.Select(u => u.IsFinal));
    }

    [Fact]
    public void Interval_and_speed_bind_from_configuration_text()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PredictionSdk:Interval"] = "5m",
            ["PredictionSdk:Symbols:0"] = "BTC-USDT",
            ["Replay:Interval"] = "1h",
            ["Replay:Speed"] = "60x",
            ["Fast:Speed"] = "max",
            ["Bad:Interval"] = "7m",
            ["Bad:Speed"] = "0",
        }).Build();

        var services = new ServiceCollection();
        services.AddPredictionSdk().AddReplayFeed(config.GetSection("Replay"));
        services.AddOptions<PredictionSdkOptions>().Bind(config.GetSection(PredictionSdkOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(Interval.FiveMinutes, provider.GetRequiredService<IOptions<PredictionSdkOptions>>().Value.Interval);
        var replay = provider.GetRequiredService<IOptions<ReplayOptions>>().Value;
        Assert.Equal(Interval.OneHour, replay.Interval);
        Assert.Equal(60, replay.Speed.Factor);
        Assert.Equal("60x", replay.Speed.ToString());

        var fast = new ReplayOptions { Speed = ReplaySpeed.Times(5) };
        config.GetSection("Fast").Bind(fast);
        Assert.True(fast.Speed.IsMax);
        var badInterval = Assert.Throws<InvalidOperationException>(() => config.GetSection("Bad").GetValue<Interval>("Interval"));
        Assert.Contains("7m", badInterval.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => config.GetSection("Bad").GetValue<ReplaySpeed>("Speed"));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "data")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root with samples/data not found");
    }

    private static async Task<List<CandleUpdate>> ToListAsync(IAsyncEnumerable<CandleUpdate> updates, int max = int.MaxValue)
    {
        var list = new List<CandleUpdate>();
        await foreach (var u in updates)
        {
            list.Add(u);
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    private sealed class MemoryStore(IReadOnlyList<Candle> candles) : ICandleStore
    {
        public Task<long> UpsertAsync(Symbol symbol, Interval interval, IAsyncEnumerable<Candle> candles, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> UpsertAsync(Symbol symbol, Interval interval, IEnumerable<Candle> candles, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async IAsyncEnumerable<Candle> ReadRangeAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var c in candles.Where(c => c.Timestamp >= from && c.Timestamp < to))
            {
                yield return c;
            }
        }

        public Task<IReadOnlyList<Candle>> GetLatestAsync(Symbol symbol, Interval interval, int count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<CandleSeriesInfo>> ListSeriesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
