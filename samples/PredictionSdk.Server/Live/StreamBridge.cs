using PredictionSdk.Server.Api;
using PredictionSdk.Server.Hub;
using PredictionSdk.Streaming;

namespace PredictionSdk.Server.Live;

/// <summary>
/// Records each prediction of the <see cref="IPredictionSource"/>: in memory for the REST API, in the prediction store
/// for the history endpoint, and on the WebSocket hub.
/// </summary>
internal sealed class PredictionRecorder(StreamHub hub, LiveMarket market, IPredictionStore predictions)
{
    public async ValueTask HandleAsync(Prediction prediction, CancellationToken cancellationToken)
    {
        market.OnPrediction(prediction);
        await hub.PublishAsync(prediction.Symbol, new PredictionMessage("prediction", prediction.Symbol.Value, prediction, DateTime.UtcNow), cancellationToken);
        await predictions.SaveAsync(prediction, cancellationToken);
    }
}

/// <summary>
/// Reads the indicator tap of the SDK's <see cref="RealTimeStream"/> — each validated update with the indicators the
/// stream computed for it (once, in its per-symbol pipeline) — and hands it to the <see cref="CandleRecorder"/>.
/// </summary>
internal sealed class StreamBridge(RealTimeStream stream, CandleRecorder recorder) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var values in stream.ReadIndicatorsAsync(stoppingToken))
            {
                await recorder.HandleAsync(values, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Records each bar of the prediction source with its indicators — from the local stream's indicator tap or the
/// cluster's bar streams: the update goes to the WebSocket hub; a closed bar goes to the candle store and settles the
/// predictions that targeted it. A failure is logged, never fatal to the source.
/// </summary>
internal sealed class CandleRecorder(
    StreamHub hub, LiveMarket market, ICandleStore candles, IPredictionStore predictions, ILogger<CandleRecorder> logger)
{
    public async ValueTask HandleAsync(IndicatorUpdate values, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(values, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not relay the {Symbol} update of {Timestamp:u}", values.Symbol, values.Timestamp);
        }
    }

    private async Task RecordAsync(IndicatorUpdate values, CancellationToken cancellationToken)
    {
        var update = values.Update;
        if (market.IsStored(update.Symbol, update.Candle.Timestamp))
        {
            // The stream's warm-up replays bars the history loader already stored. Pushing them would send every client
            // a burst of stale bars (hundreds at start-up) that the charts drop anyway.
            return;
        }

        var indicators = CandleIndicators.From(values.Values);
        var c = update.Candle;
        await hub.PublishAsync(update.Symbol, new CandleMessage("candle", update.Symbol.Value, update.Interval.Name, update.IsFinal,
            new CandleRow(c.Timestamp, c.Open, c.High, c.Low, c.Close, c.Volume, indicators), indicators, DateTime.UtcNow), cancellationToken);
        if (!update.IsFinal)
        {
            return;
        }

        market.OnClosedCandle(update.Symbol, c);
        await candles.UpsertAsync(update.Symbol, update.Interval, [c], cancellationToken);
        await predictions.SettleAsync(update.Symbol, c.Timestamp + update.Interval.Duration, c.Close, cancellationToken);
    }
}

/// <summary>A candle pushed over the WebSocket.</summary>
public sealed record CandleMessage(string Type, string Symbol, string Interval, bool IsFinal, CandleRow Candle, CandleIndicators Indicators, DateTime PublishedAt);

/// <summary>A prediction pushed over the WebSocket; <paramref name="Prediction"/> is written in the SDK's prediction contract.</summary>
public sealed record PredictionMessage(string Type, string Symbol, Prediction Prediction, DateTime PublishedAt);
