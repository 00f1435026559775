using Microsoft.Extensions.Options;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;

namespace PredictionSdk.Server.Live;

/// <summary>
/// Before the replay starts, puts the history that precedes it into the candle store (idempotently) and
/// seeds the live chart indicators, so the dashboard and the API have history from the first request.
/// </summary>
internal sealed class HistoryLoader(
    IOptions<ReplayOptions> replay, ICandleStore store, LiveIndicatorBook book, ILogger<HistoryLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = replay.Value;
        if (options.From is not { } start)
        {
            return;
        }

        foreach (var (name, path) in options.Files)
        {
            var symbol = Symbol.Parse(name);
            var history = new List<Candle>();
            await foreach (var candle in CandleFile.ReadAsync(path, cancellationToken))
            {
                if (candle.Timestamp >= start)
                {
                    break;
                }

                history.Add(candle);
            }

            await store.UpsertAsync(symbol, options.ParsedInterval, history, cancellationToken);
            book.For(symbol).Seed(history);
            logger.LogInformation("Loaded {Count} bars of {Symbol} history before {Start:u}", history.Count, symbol, start);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
