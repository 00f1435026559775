using Microsoft.Extensions.Logging;

namespace PredictionSdk.Streaming;

/// <summary>
/// Sequences one symbol's updates from one source into an ordered closed-bar series: rejects inconsistent, misaligned
/// and outlier bars, drops duplicates and stale open-bar updates, puts closed bars back in order within
/// <see cref="SymbolPipelineOptions.ReorderWindow"/>, and fills gaps from the source's history so the closed-bar
/// sequence has no holes and no duplicates.
/// </summary>
internal sealed class CandleSequencer
{
    private readonly Symbol _symbol;
    private readonly ICandleSource _source;
    private readonly Interval _interval;
    private readonly SymbolPipelineOptions _options;
    private readonly StreamCounters _counters;
    private readonly ILogger _logger;
    private readonly SortedList<DateTime, Candle> _held = [];
    private DateTime _lastFinal;
    private bool _hasFinal;
    private double _lastClose = double.NaN;
    private int _outlierRun;

    public CandleSequencer(Symbol symbol, ICandleSource source, Interval interval, SymbolPipelineOptions options, StreamCounters counters, ILogger logger)
    {
        _symbol = symbol;
        _source = source;
        _interval = interval;
        _options = options;
        _counters = counters;
        _logger = logger;
    }

    /// <summary>Open time of the last closed bar passed on.</summary>
    public DateTime? LastFinal => _hasFinal ? _lastFinal : null;

    /// <summary>
    /// Continues the sequence after <paramref name="last"/>, a closed bar the pipeline took from history before any of
    /// this source's bars: older bars are duplicates, a later one that does not follow it is a gap to backfill.
    /// </summary>
    public void ContinueAfter(in Candle last)
    {
        if (!_hasFinal || last.Timestamp > _lastFinal)
        {
            _lastFinal = last.Timestamp;
            _hasFinal = true;
            _lastClose = last.Close;
        }
    }

    /// <summary>Validates <paramref name="update"/> and appends what may pass, in order, to <paramref name="output"/>.</summary>
    public ValueTask ProcessAsync(CandleUpdate update, List<CandleUpdate> output, CancellationToken cancellationToken)
    {
        var candle = update.Candle;
        if (!candle.IsConsistent)
        {
            Reject(candle, "non-finite or inconsistent OHLCV", "inconsistent");
            return ValueTask.CompletedTask;
        }

        if (!_interval.IsAligned(candle.Timestamp))
        {
            Reject(candle, $"open time not aligned to {_interval}", "misaligned");
            return ValueTask.CompletedTask;
        }

        if (IsOutlier(candle))
        {
            if (!update.IsFinal || ++_outlierRun < _options.OutlierConfirmations)
            {
                _counters.Outlier();
                StreamingLog.Rejected(_logger, _symbol, _source.Name, candle.Timestamp, $"price moved more than {_options.MaxPriceJump:P0} from {_lastClose}", candle);
                return ValueTask.CompletedTask;
            }

            StreamingLog.OutlierLevelAccepted(_logger, _symbol, _source.Name, _outlierRun, candle.Close);
            _outlierRun = 0;
            _lastClose = candle.Close; // the new level is the reference from now on, even if this bar waits for a gap fill
        }
        else if (update.IsFinal)
        {
            _outlierRun = 0;
        }

        if (!update.IsFinal)
        {
            // An open bar at or before the last close is stale; while closed bars are held for a missing one, previews wait too.
            if (_hasFinal && candle.Timestamp <= _lastFinal)
            {
                _counters.Duplicate();
            }
            else if (_held.Count == 0)
            {
                output.Add(update with { Source = _source.Name });
            }

            return ValueTask.CompletedTask;
        }

        if (!_hasFinal)
        {
            Accept(candle, output);
            return ValueTask.CompletedTask;
        }

        if (candle.Timestamp <= _lastFinal || _held.ContainsKey(candle.Timestamp))
        {
            _counters.Duplicate();
            return ValueTask.CompletedTask;
        }

        if (candle.Timestamp == _lastFinal + _interval.Duration)
        {
            Accept(candle, output);
            return _held.Count == 0 ? ValueTask.CompletedTask : DrainHeldAsync(output, force: false, cancellationToken);
        }

        _held.Add(candle.Timestamp, candle);
        return _held.Count > _options.ReorderWindow ? DrainHeldAsync(output, force: true, cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Releases every held bar, filling the gaps before them; called when the source ends.</summary>
    public ValueTask FlushAsync(List<CandleUpdate> output, CancellationToken cancellationToken) =>
        _held.Count == 0 ? ValueTask.CompletedTask : DrainHeldAsync(output, force: true, cancellationToken);

    private async ValueTask DrainHeldAsync(List<CandleUpdate> output, bool force, CancellationToken cancellationToken)
    {
        bool filled = false;
        while (_held.Count > 0)
        {
            DateTime first = _held.Keys[0];
            DateTime expected = _lastFinal + _interval.Duration;
            if (first != expected)
            {
                if (!force)
                {
                    return;
                }

                await FillGapAsync(expected, first, output, cancellationToken).ConfigureAwait(false);
                filled = true;
            }
            else if (!filled)
            {
                _counters.Reorder();
            }

            var candle = _held.Values[0];
            _held.RemoveAt(0);
            Accept(candle, output);
        }
    }

    private async ValueTask FillGapAsync(DateTime from, DateTime to, List<CandleUpdate> output, CancellationToken cancellationToken)
    {
        long bars = (to - from).Ticks / _interval.Duration.Ticks;
        _counters.Gap();
        StreamingLog.GapDetected(_logger, _symbol, _source.Name, bars, from, to);
        if (!_options.BackfillGaps)
        {
            _counters.UnfilledGap();
            return;
        }

        if (bars > _options.MaxBackfillBars)
        {
            StreamingLog.GapTooLong(_logger, _symbol, _source.Name, bars, _options.MaxBackfillBars);
            from = to - (_interval.Duration * _options.MaxBackfillBars);
        }

        using var activity = StreamingTelemetry.ActivitySource.StartActivity("backfill");
        activity?.SetTag("symbol", _symbol.Value);
        activity?.SetTag("source", _source.Name);
        long start = StreamCounters.StageStart();
        int added = 0;
        try
        {
            var history = await _source.GetHistoryAsync(_symbol, _interval, from, to, cancellationToken).ConfigureAwait(false);
            foreach (var bar in history.OrderBy(c => c.Timestamp))
            {
                // History is trusted for prices but still checked for shape, range and duplicates.
                if (bar.Timestamp >= from && bar.Timestamp < to && (!_hasFinal || bar.Timestamp > _lastFinal) && bar.IsConsistent && _interval.IsAligned(bar.Timestamp))
                {
                    Accept(bar, output);
                    added++;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            StreamingLog.BackfillFailed(_logger, ex, _symbol, _source.Name, from, to);
        }

        _counters.Backfill(added);
        StreamCounters.RecordStage("backfill", start);
        if (added > 0)
        {
            StreamingLog.Backfilled(_logger, _symbol, _source.Name, added);
        }

        if (!_hasFinal || _lastFinal + _interval.Duration != to)
        {
            _counters.UnfilledGap();
        }
    }

    private bool IsOutlier(in Candle candle)
    {
        if (!(_lastClose > 0))
        {
            return false;
        }

        double jump = Math.Max(Math.Abs((candle.High / _lastClose) - 1.0), Math.Abs((candle.Low / _lastClose) - 1.0));
        return jump > _options.MaxPriceJump;
    }

    private void Accept(in Candle candle, List<CandleUpdate> output)
    {
        _lastFinal = candle.Timestamp;
        _hasFinal = true;
        _lastClose = candle.Close;
        output.Add(new CandleUpdate(_symbol, _interval, candle, IsFinal: true, _source.Name));
    }

    private void Reject(in Candle candle, string reason, string tag)
    {
        _counters.Reject(tag);
        StreamingLog.Rejected(_logger, _symbol, _source.Name, candle.Timestamp, reason, candle);
    }
}
