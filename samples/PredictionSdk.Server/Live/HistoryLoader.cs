using Microsoft.Extensions.Options;
using PredictionSdk.Data;
using PredictionSdk.Data.Replay;
using PredictionSdk.Validation;

namespace PredictionSdk.Server.Live;

/// <summary>
/// Before the replay starts, puts the history that precedes it into the candle store (idempotently), so the dashboard
/// and the API have history from the first request. (The stream warms its indicators and model up by itself.) A
/// malformed file is logged and skipped here: the replay stops on the same file and <c>/ready</c> names the fault. A file
/// whose bars are of another interval than the symbol's model (or, without a model, the replay's) is refused with an
/// <see cref="IntervalMismatchException"/> naming the symbol and the file, kept in <see cref="HistoryProblems"/> for <c>/ready</c>.
/// </summary>
internal sealed class HistoryLoader(
    IOptions<ReplayOptions> replay, ICandleStore store, LiveMarket market, IModelCatalog models, HistoryProblems problems, ILogger<HistoryLoader> logger)
    : IHostedService
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
            try
            {
                await foreach (var candle in CandleFile.ReadAsync(path, cancellationToken))
                {
                    if (candle.Timestamp >= start)
                    {
                        break;
                    }

                    history.Add(candle);
                }

                var expected = models.For(symbol)?.Interval ?? options.Interval;
                IntervalDetector.EnsureMatches(expected, history, path, $"the {symbol} model");
            }
            catch (IntervalMismatchException ex)
            {
                problems.Add(symbol, ex);
                logger.LogError(ex, "Refused the {Symbol} history: {Reason}", symbol, ex.Message);
                continue;
            }
            catch (MarketDataException ex)
            {
                logger.LogError(ex, "Could not load the {Symbol} history: {Reason}", symbol, ex.Message);
                continue;
            }

            await store.UpsertAsync(symbol, options.Interval, history, cancellationToken);
            if (history.Count > 0)
            {
                market.MarkStored(symbol, history[^1].Timestamp);
            }

            logger.LogInformation("Loaded {Count} bars of {Symbol} history before {Start:u}", history.Count, symbol, start);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
