using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictionSdk.Validation;

namespace PredictionSdk.Data.Replay;

/// <summary>
/// Replays recorded candles as a live feed — from candle files, an <see cref="ICandleStore"/> or in-memory series —
/// at real time, accelerated (60× = a minute per second) or as fast as the consumer reads. Symbols are merged by
/// time; each bar can be preceded by synthetic open-bar updates (<see cref="CandleUpdate.IsFinal"/> false) and ends
/// with its final. The stream completes when the data ends. It is the offline default of every sample.
/// </summary>
/// <remarks>
/// Recorded bars are judged by the SDK's rule set (<see cref="CandleRules"/>) when loaded: a bar that breaks a rule
/// or goes back in time stops the replay with <see cref="CandleValidationException"/> naming the file, line and
/// field; a bar repeating an open time already read is dropped (the first is kept), logged and counted in
/// <see cref="DuplicatesDropped"/>.
/// </remarks>
public sealed class ReplayCandleSource : ICandleSource
{
    private static readonly DateTime Beginning = DateTime.UnixEpoch;
    private static readonly DateTime End = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly ReplayOptions _options;
    private readonly ICandleStore? _store;
    private readonly IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>>? _series;
    private readonly Dictionary<Symbol, string> _files;
    private readonly ConcurrentDictionary<Symbol, Task<IReadOnlyList<Candle>>> _loaded = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _updates;
    private long _finals;
    private long _duplicates;

    /// <summary>Replays <see cref="ReplayOptions.Files"/>, falling back to <paramref name="store"/> for symbols without a file.</summary>
    public ReplayCandleSource(ReplayOptions options, ICandleStore? store = null, ILogger<ReplayCandleSource>? logger = null, TimeProvider? timeProvider = null)
        : this(options, store, null, logger, timeProvider)
    {
    }

    /// <summary>Replays in-memory series (ascending per symbol).</summary>
    public ReplayCandleSource(IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>> series, ReplayOptions? options = null, ILogger<ReplayCandleSource>? logger = null, TimeProvider? timeProvider = null)
        : this(options ?? new ReplayOptions(), null, series ?? throw new ArgumentNullException(nameof(series)), logger, timeProvider)
    {
    }

    private ReplayCandleSource(ReplayOptions options, ICandleStore? store, IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>>? series, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _store = store;
        _series = series;
        _files = options.Files.ToDictionary(f => Symbol.Parse(f.Key), f => f.Value);
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <summary>Updates emitted so far (open and final).</summary>
    public long UpdatesEmitted => Interlocked.Read(ref _updates);

    /// <summary>Final bars emitted so far.</summary>
    public long FinalBarsEmitted => Interlocked.Read(ref _finals);

    /// <summary>Recorded bars dropped because an earlier bar had the same open time (the first is kept).</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Symbols this source has data for (files and in-memory series; a store is asked per symbol).</summary>
    public IReadOnlyList<Symbol> Symbols => [.. (_series?.Keys ?? []).Concat(_files.Keys).Distinct().Order()];

    /// <inheritdoc />
    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        CheckInterval(interval);
        var series = new Candle[symbols.Count][];
        for (int i = 0; i < symbols.Count; i++)
        {
            series[i] = Window(await LoadAsync(symbols[i], interval, cancellationToken).ConfigureAwait(false), _options.From, _options.To);
        }

        FeedLog.ReplayStarted(_logger, symbols.Count, series.Sum(s => s.Length), _options.Speed.ToString());
        var next = new int[symbols.Count];
        int steps = _options.OpenBarUpdates + 1;
        TimeSpan step = interval.Duration / steps;
        DateTime? marketStart = null;
        long wallStart = _time.GetTimestamp();
        while (true)
        {
            DateTime bar = DateTime.MaxValue;
            for (int i = 0; i < series.Length; i++)
            {
                if (next[i] < series[i].Length && series[i][next[i]].Timestamp < bar)
                {
                    bar = series[i][next[i]].Timestamp;
                }
            }

            if (bar == DateTime.MaxValue)
            {
                yield break;
            }

            marketStart ??= bar;
            for (int k = 1; k <= steps; k++)
            {
                await PaceAsync(bar + (step * k) - marketStart.Value, wallStart, cancellationToken).ConfigureAwait(false);
                bool isFinal = k == steps;
                for (int i = 0; i < series.Length; i++)
                {
                    if (next[i] < series[i].Length && series[i][next[i]].Timestamp == bar)
                    {
                        var candle = series[i][next[i]];
                        Interlocked.Increment(ref _updates);
                        if (isFinal)
                        {
                            Interlocked.Increment(ref _finals);
                        }

                        yield return new CandleUpdate(symbols[i], interval, isFinal ? candle : Partial(candle, (double)k / steps), isFinal, Name);
                    }
                }
            }

            for (int i = 0; i < series.Length; i++)
            {
                if (next[i] < series[i].Length && series[i][next[i]].Timestamp == bar)
                {
                    next[i]++;
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        CheckInterval(interval);
        return Window(await LoadAsync(symbol, interval, cancellationToken).ConfigureAwait(false), from, to);
    }

    /// <summary>
    /// The bar as known at <paramref name="fraction"/> of its life, moving linearly from open toward close; volume and
    /// order flow accrue in proportion (trade count rounded down), and what the bar does not report stays unreported.
    /// </summary>
    internal static Candle Partial(in Candle bar, double fraction)
    {
        double close = bar.Open + ((bar.Close - bar.Open) * fraction);
        return new Candle(bar.Timestamp, bar.Open, Math.Max(bar.Open, close), Math.Min(bar.Open, close), close, bar.Volume * fraction,
            bar.QuoteVolume * fraction, Math.Floor(bar.TradeCount * fraction), bar.TakerBuyVolume * fraction, bar.TakerBuyQuoteVolume * fraction);
    }

    private static Candle[] Window(IReadOnlyList<Candle> candles, DateTime? from, DateTime? to)
    {
        DateTime lo = from ?? DateTime.MinValue, hi = to ?? DateTime.MaxValue;
        return candles.Where(c => c.Timestamp >= lo && c.Timestamp < hi).ToArray();
    }

    private void CheckInterval(Interval interval)
    {
        if (interval != _options.Interval)
        {
            throw new ArgumentException($"{Name}: the data holds {_options.Interval} bars; {interval} was requested.", nameof(interval));
        }
    }

    private async Task PaceAsync(TimeSpan marketElapsed, long wallStart, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.Speed.Factor is not { } factor)
        {
            return;
        }

        TimeSpan due = marketElapsed / factor;
        TimeSpan wait = due - _time.GetElapsedTime(wallStart);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<IReadOnlyList<Candle>> LoadAsync(Symbol symbol, Interval interval, CancellationToken cancellationToken)
    {
        if (_series is not null && _series.TryGetValue(symbol, out var candles))
        {
            return Task.FromResult(Checked(candles, null, $"in-memory series {symbol}"));
        }

        if (_files.TryGetValue(symbol, out string? path))
        {
            return _loaded.GetOrAdd(symbol, _ => ReadFileAsync(path));
        }

        if (_store is not null)
        {
            return ReadStoreAsync(symbol, interval, cancellationToken);
        }

        throw new ArgumentException($"{Name}: no data for '{symbol}'. Name a file for it in ReplayOptions.Files or register an ICandleStore.", nameof(symbol));
    }

    private async Task<IReadOnlyList<Candle>> ReadFileAsync(string path)
    {
        var candles = new List<Candle>();
        var lines = new List<long>();
        await foreach (var row in CandleFile.ReadRowsAsync(path, CancellationToken.None).ConfigureAwait(false))
        {
            candles.Add(row.Candle);
            lines.Add(row.LineNumber);
        }

        return Checked(candles, lines, path);
    }

    private async Task<IReadOnlyList<Candle>> ReadStoreAsync(Symbol symbol, Interval interval, CancellationToken cancellationToken)
    {
        var candles = new List<Candle>();
        await foreach (var candle in _store!.ReadRangeAsync(symbol, interval, _options.From ?? Beginning, _options.To ?? End, cancellationToken).ConfigureAwait(false))
        {
            candles.Add(candle);
        }

        return Checked(candles, null, $"store {symbol}");
    }

    // Lines are the file's; for a store or in-memory series, the 1-based row.
    private IReadOnlyList<Candle> Checked(IReadOnlyList<Candle> candles, IReadOnlyList<long>? lines, string source)
    {
        // A recording is replayed as it was: jumps and outliers are the live pipeline's to judge, not the source's.
        var checker = new CandleChecker(new CandleCheckOptions { Interval = _options.Interval, MaxPriceJump = null, DetectOutliers = false });
        var result = new List<Candle>(candles.Count);
        for (int i = 0; i < candles.Count; i++)
        {
            var verdict = checker.Check(candles[i]);
            long line = lines?[i] ?? i + 1;
            if (!verdict.IsRejected)
            {
                result.Add(candles[i]);
            }
            else if (verdict.Rule == CandleRule.Duplicate)
            {
                Interlocked.Increment(ref _duplicates);
                FeedLog.ReplayDuplicateDropped(_logger, source, line, candles[i].Timestamp);
            }
            else
            {
                string value = verdict.Field == "timestamp" ? candles[i].Timestamp.ToString("o", CultureInfo.InvariantCulture) : verdict.Value.ToString("R", CultureInfo.InvariantCulture);
                throw new CandleValidationException(verdict.Reason, source, line, verdict.Field, value);
            }
        }

        return result;
    }
}
