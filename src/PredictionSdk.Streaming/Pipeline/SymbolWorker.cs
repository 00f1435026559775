using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PredictionSdk.Streaming;

/// <summary>
/// One partition of the pipeline: owns the per-symbol state of the symbols hashed onto it and runs, in order,
/// validate → aggregate → indicators → model for each update. No locks: each symbol's state is touched by this worker only.
/// </summary>
internal sealed class SymbolWorker
{
    private readonly Channel<StreamInput> _input;
    private readonly ChannelWriter<StreamEvent> _output;
    private readonly StreamContext _context;
    private readonly Dictionary<Symbol, SymbolState> _states = [];
    private readonly List<CandleUpdate> _validated = [];
    private readonly List<CandleUpdate> _combined = [];

    public SymbolWorker(StreamContext context, ChannelWriter<StreamEvent> output)
    {
        _context = context;
        _output = output;
        var stage = context.Options.Input;
        _input = Channel.CreateBounded<StreamInput>(
            new BoundedChannelOptions(stage.Capacity)
            {
                FullMode = stage.FullMode == StreamFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleReader = true,
            },
            _ =>
            {
                if (context.Counters.InputDrop())
                {
                    StreamingLog.FirstDrop(context.Logger, "input");
                }
            });
    }

    public ChannelWriter<StreamInput> Input => _input.Writer;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _input.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                await ProcessAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }

        // Sources ended: release held bars (filling their gaps) and close pending composite bars.
        foreach (var state in _states.Values)
        {
            _validated.Clear();
            foreach (var validator in state.Validators.Values)
            {
                await validator.FlushAsync(_validated, cancellationToken).ConfigureAwait(false);
            }

            _combined.Clear();
            foreach (var update in _validated)
            {
                Combine(state, update);
            }

            state.Composite?.Flush(_combined);
            await ComputeAllAsync(state, StreamCounters.ReceivedNow(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var state in _states.Values)
        {
            state.Predictor?.Dispose();
        }
    }

    private async ValueTask ProcessAsync(StreamInput item, CancellationToken cancellationToken)
    {
        var update = item.Update;
        var state = GetState(update.Symbol);
        if (state.Composite is null && _context.Exchanges.Count > 0 && !_context.Exchanges.Contains(item.Source.Name))
        {
            _context.Counters.Ignore();
            return;
        }

        if (!state.Validators.TryGetValue(item.Source.Name, out var validator))
        {
            validator = new CandleValidator(update.Symbol, item.Source, _context.Interval, _context.Options, _context.Counters, _context.Logger);
            state.Validators.Add(item.Source.Name, validator);
        }

        long start = StreamCounters.StageStart();
        _validated.Clear();
        await validator.ProcessAsync(update, _validated, cancellationToken).ConfigureAwait(false);
        StreamCounters.RecordStage("validate", start);

        _combined.Clear();
        foreach (var validated in _validated)
        {
            Combine(state, validated);
        }

        await ComputeAllAsync(state, item.ReceivedAt, cancellationToken).ConfigureAwait(false);
    }

    private void Combine(SymbolState state, in CandleUpdate update)
    {
        if (state.Composite is null)
        {
            _combined.Add(update);
        }
        else if (!state.Composite.Add(update, _combined))
        {
            _context.Counters.Ignore();
        }
    }

    private async ValueTask ComputeAllAsync(SymbolState state, long receivedAt, CancellationToken cancellationToken)
    {
        foreach (var update in _combined)
        {
            await ComputeAsync(state, update, receivedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask ComputeAsync(SymbolState state, CandleUpdate update, long receivedAt, CancellationToken cancellationToken)
    {
        var counters = _context.Counters;
        if (update.IsFinal)
        {
            counters.CandleOut();
        }
        else
        {
            counters.OpenBarUpdate();
        }

        if (_context.CandleTapActive)
        {
            await WriteAsync(new StreamEvent(StreamEventKind.Candle, update, null, default, receivedAt), cancellationToken).ConfigureAwait(false);
        }

        long start = StreamCounters.StageStart();
        if (update.IsFinal || _context.Options.PreviewOpenBars)
        {
            double close = update.Candle.Close;
            if (update.IsFinal)
            {
                state.Indicators.Add(update.Candle);
            }
            else
            {
                state.Indicators.Preview(update.Candle);
            }

            if (_context.IndicatorTapActive)
            {
                var values = new IndicatorUpdate(update.Symbol, update.Candle.Timestamp, update.IsFinal, close, state.Indicators.Current.ToRecord());
                await WriteAsync(new StreamEvent(StreamEventKind.Indicators, update, null, values, receivedAt), cancellationToken).ConfigureAwait(false);
            }
        }

        StreamCounters.RecordStage("indicators", start);
        if (state.Predictor is not { } predictor || (!update.IsFinal && !_context.Options.PredictOnOpenBars))
        {
            return;
        }

        start = StreamCounters.StageStart();
        Prediction? prediction = null;
        try
        {
            if (update.IsFinal)
            {
                predictor.Observe(update.Candle);
                prediction = predictor.IsReady ? predictor.Predict() : null;
            }
            else if (predictor.IsReady)
            {
                prediction = predictor.Preview(update.Candle) with { IsPreview = true };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            counters.PredictionError();
            StreamingLog.PredictionFailed(_context.Logger, ex, update.Symbol, update.Candle.Timestamp);
        }

        StreamCounters.RecordStage("predict", start);
        if (prediction is not null)
        {
            if (prediction.Indicators is null)
            {
                prediction = prediction with { Indicators = state.Indicators.Current.ToRecord() };
            }

            await WriteAsync(new StreamEvent(StreamEventKind.Prediction, update, prediction, default, receivedAt), cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask WriteAsync(StreamEvent item, CancellationToken cancellationToken) =>
        _output.TryWrite(item) ? ValueTask.CompletedTask : _output.WriteAsync(item, cancellationToken);

    private SymbolState GetState(Symbol symbol)
    {
        if (!_states.TryGetValue(symbol, out var state))
        {
            state = new SymbolState
            {
                Composite = _context.Exchanges.Count > 1 ? new CompositeCandleBuilder(symbol, _context.Interval, _context.Exchanges) : null,
                Predictor = _context.PredictorFactory?.Invoke(symbol, _context.Interval),
            };
            _states.Add(symbol, state);
        }

        return state;
    }

    private sealed class SymbolState
    {
        public Dictionary<string, CandleValidator> Validators { get; } = new(StringComparer.Ordinal);

        public CompositeCandleBuilder? Composite { get; init; }

        public TechnicalIndicatorState Indicators { get; } = new();

        public IStreamPredictor? Predictor { get; init; }
    }
}

/// <summary>What every worker of one stream shares.</summary>
internal sealed class StreamContext
{
    public required RealTimeStreamOptions Options { get; init; }

    public required Interval Interval { get; init; }

    public required StreamCounters Counters { get; init; }

    public required ILogger Logger { get; init; }

    /// <summary>Source names combined per symbol; empty when every source passes (a single source).</summary>
    public required IReadOnlyList<string> Exchanges { get; init; }

    public StreamPredictorFactory? PredictorFactory { get; init; }

    public Func<bool> CandleTap { get; init; } = static () => false;

    public Func<bool> IndicatorTap { get; init; } = static () => false;

    public bool CandleTapActive => CandleTap();

    public bool IndicatorTapActive => IndicatorTap();
}
