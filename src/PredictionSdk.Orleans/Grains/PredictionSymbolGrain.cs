using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Streams;
using PredictionSdk.Streaming;

namespace PredictionSdk.Orleans;

/// <summary>
/// Hosts one symbol's <see cref="SymbolPipeline"/> — the very stage <see cref="RealTimeStream"/>'s workers run — fed by
/// the ingestion of the silo the grain lives on. It publishes the symbol's closed bars (with their indicators) and its
/// predictions on the symbol's stream.
/// </summary>
/// <remarks>
/// No bar is published twice: before publishing, the grain writes the newest published bar to its grain storage (with
/// the storage's optimistic concurrency), and it drops every prediction whose bar is not newer than the stored one. A
/// new activation (after a failover) reads that bar back, asks its silo's feed only for later bars and warms up from
/// the candle store or the source's history up to it. A crash between the write and the publish loses that push's
/// predictions (counted in the gap) rather than repeating them; a stale second activation fails the write on the
/// storage's ETag and publishes nothing.
/// </remarks>
[KeepAlive]
internal sealed partial class PredictionSymbolGrain : Grain, IPredictionSymbolGrain
{
    private readonly IPersistentState<SymbolGrainState> _state;
    private readonly SiloPredictionHost _host;
    private readonly SiloCandleFeed _feed;
    private readonly ILogger _logger;
    private readonly List<PipelineEvent> _events = [];
    private readonly List<Prediction> _outgoing = [];
    private readonly List<IndicatorUpdate> _bars = [];
    private readonly List<PredictionOutcome> _scored = [];
    private Symbol _symbol;
    private SymbolPipeline? _pipeline;
    private IAsyncStream<PredictionStreamItem>? _stream;
    private DateTime? _resumedAfter;
    private long _activatedAt;

    public PredictionSymbolGrain(
        [PersistentState("symbol", PredictionStreams.StorageName)] IPersistentState<SymbolGrainState> state,
        SiloPredictionHost host,
        SiloCandleFeed feed,
        ILogger<PredictionSymbolGrain> logger)
    {
        _state = state;
        _host = host;
        _feed = feed;
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _symbol = Symbol.Parse(this.GetPrimaryKeyString());
        if (_state.State.Started)
        {
            await AttachAsync().ConfigureAwait(true);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Detach();
        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        if (!_state.State.Started)
        {
            _state.State.Started = true;
            await _state.WriteStateAsync().ConfigureAwait(true);
        }

        if (_pipeline is null)
        {
            await AttachAsync().ConfigureAwait(true);
        }
    }

    public async Task StopAsync()
    {
        Detach();
        _state.State.Started = false;
        await _state.WriteStateAsync().ConfigureAwait(true);
        DeactivateOnIdle();
    }

    public Task<SymbolGrainStatus> GetStatusAsync() => Task.FromResult(new SymbolGrainStatus
    {
        Symbol = _symbol.Value,
        Started = _state.State.Started,
        LastEmittedBar = _state.State.LastEmittedBar,
        Emitted = _state.State.Emitted,
        Activations = _state.State.Activations,
        Silo = RuntimeIdentity,
        PipelineState = _pipeline?.State.ToString() ?? "Detached",
    });

    public async Task PushAsync(Immutable<CandleUpdate[]> updates)
    {
        if (_pipeline is not { } pipeline)
        {
            return;
        }

        _events.Clear();
        var batch = updates.Value;
        for (int i = 0; i < batch.Length; i++)
        {
            // Only a push's last update waits for the silo's batch: at a minute boundary a push is that one close, and
            // a backlog replayed in one push is not slowed down by a wait per bar.
            pipeline.DeferPredictions = _host.Batcher is not null && i == batch.Length - 1;
            if (await pipeline.ProcessAsync(batch[i], _host.Source, _events).ConfigureAwait(true) is { } request)
            {
                await pipeline.CompleteWarmUpAsync(await LoadHistoryAsync(request).ConfigureAwait(true), _events).ConfigureAwait(true);
            }
        }

        if (pipeline.HasPendingPrediction)
        {
            // The grain's turn waits (no other call for this symbol runs meanwhile); the batch inserts the events into _events.
            await _host.Batcher!.PredictAsync(pipeline).ConfigureAwait(true);
        }

        await PublishAsync().ConfigureAwait(true);
    }

    public async Task CompleteAsync()
    {
        if (_pipeline is { } pipeline)
        {
            _events.Clear();
            pipeline.DeferPredictions = false;
            await pipeline.FlushAsync(_events).ConfigureAwait(true);
            await PublishAsync().ConfigureAwait(true);
        }
    }

    private async Task AttachAsync()
    {
        _state.State.Activations++;
        await _state.WriteStateAsync().ConfigureAwait(true);
        _activatedAt = Stopwatch.GetTimestamp();
        _resumedAfter = _state.State.LastEmittedBar;
        _pipeline = _host.CreatePipeline(_symbol);
        _stream = this.GetStreamProvider(_host.Options.StreamProvider).GetStream<PredictionStreamItem>(PredictionStreams.For(_symbol));
        _feed.Attach(_symbol, _state.State.LastEmittedBar, this.AsReference<IPredictionSymbolGrain>());
        Log.Attached(_logger, _symbol, RuntimeIdentity, _state.State.Activations, _state.State.LastEmittedBar);
    }

    private void Detach()
    {
        _feed.Detach(_symbol);
        _pipeline?.Dispose();
        _pipeline = null;
    }

    private async Task<IReadOnlyList<Candle>> LoadHistoryAsync(HistoryRequest request)
    {
        try
        {
            return await _host.Loader.LoadAsync(request).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClusterTelemetry.WarmUpFailures.Add(1);
            Log.WarmUpFailed(_logger, ex, _symbol, request.Bars);
            return [];
        }
    }

    private async Task PublishAsync()
    {
        DateTime? last = _state.State.LastEmittedBar;
        DateTime newest = last ?? DateTime.MinValue;
        _outgoing.Clear();
        _bars.Clear();
        _scored.Clear();
        foreach (var e in _events)
        {
            // Bars an earlier activation published (it published their predictions), and their outcomes, are not sent again.
            bool newBar = last is not { } through || e.Update.Candle.Timestamp > through;
            if (e.Kind == PipelineEventKind.Indicators && e.Update.IsFinal && newBar)
            {
                _bars.Add(e.Indicators);
                continue;
            }

            if (e.Kind == PipelineEventKind.Outcome && e.Outcome is { } outcome && newBar)
            {
                _scored.Add(outcome);
                continue;
            }

            if (e.Kind != PipelineEventKind.Prediction || e.Prediction is not { } prediction)
            {
                continue;
            }

            if (last is { } done && prediction.Timestamp <= done)
            {
                // Published by an earlier activation, or the warm-up's newest bar that it already covered.
                ClusterTelemetry.Suppressed.Add(1);
                continue;
            }

            _outgoing.Add(prediction);
            if (!prediction.IsPreview && prediction.Timestamp > newest)
            {
                newest = prediction.Timestamp;
            }
        }

        if (_outgoing.Count == 0)
        {
            if (_bars.Count > 0 || _scored.Count > 0)
            {
                // Bars without predictions (no model yet, or before the warm-up ends) change no progress: nothing to write.
                await _stream!.OnNextAsync(new PredictionStreamItem { Symbol = _symbol.Value, Bars = [.. _bars], Outcomes = [.. _scored] }).ConfigureAwait(true);
            }

            return;
        }

        SymbolResumed? resumed = null;
        if (_resumedAfter is { } before && newest > before)
        {
            resumed = Resumption(before, _outgoing[0].Timestamp);
            _resumedAfter = null;
        }

        // Write first, publish second: a failure in between loses this push rather than repeating it.
        _state.State.LastEmittedBar = newest == DateTime.MinValue ? last : newest;
        _state.State.Emitted += _outgoing.Count;
        await _state.WriteStateAsync().ConfigureAwait(true);
        if (resumed is not null)
        {
            await _stream!.OnNextAsync(new PredictionStreamItem { Symbol = _symbol.Value, Resumed = resumed }).ConfigureAwait(true);
        }

        await _stream!.OnNextAsync(new PredictionStreamItem { Symbol = _symbol.Value, Predictions = [.. _outgoing], Bars = [.. _bars], Outcomes = [.. _scored] }).ConfigureAwait(true);
        ClusterTelemetry.Published.Add(_outgoing.Count);
    }

    private SymbolResumed Resumption(DateTime before, DateTime first)
    {
        var interval = _host.Options.Interval.Duration;
        int gapBars = Math.Max(0, (int)((first - before).Ticks / interval.Ticks) - 1);
        var resumed = new SymbolResumed
        {
            Symbol = _symbol.Value,
            LastEmittedBefore = before,
            FirstEmittedAfter = first,
            GapBars = gapBars,
            Gap = interval * gapBars,
            Silo = RuntimeIdentity,
            ActivationToFirstPublish = Stopwatch.GetElapsedTime(_activatedAt),
        };
        ClusterTelemetry.Resumptions.Add(1);
        ClusterTelemetry.FailoverGap.Record(resumed.Gap.TotalMinutes);
        Log.Resumed(_logger, _symbol, RuntimeIdentity, before, first, gapBars);
        return resumed;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Symbol} attached on {Silo} (activation {Activation}); last published bar {LastEmitted}")]
        public static partial void Attached(ILogger logger, Symbol symbol, string silo, int activation, DateTime? lastEmitted);

        [LoggerMessage(2, LogLevel.Warning, "{Symbol}: warm-up history of {Bars} bars could not be loaded; going live without it")]
        public static partial void WarmUpFailed(ILogger logger, Exception exception, Symbol symbol, int bars);

        [LoggerMessage(3, LogLevel.Warning, "{Symbol} resumed on {Silo}: last published bar {Before}, first new bar {First}, {GapBars} bars without prediction")]
        public static partial void Resumed(ILogger logger, Symbol symbol, string silo, DateTime before, DateTime first, int gapBars);
    }
}
