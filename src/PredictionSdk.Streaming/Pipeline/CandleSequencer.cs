using Microsoft.Extensions.Logging;
using PredictionSdk.Validation;

namespace PredictionSdk.Streaming;

/// <summary>
/// Sequences one symbol's updates from one source into an ordered closed-bar series: drops duplicates (the first bar
/// wins) and stale open-bar updates, puts closed bars back in order within <see cref="SymbolPipelineOptions.ReorderWindow"/>,
/// and fills gaps from the source's history so the closed-bar sequence has no holes and no duplicates. Bars are judged by
/// the SDK's one rule set, as batch validation judges a file: <see cref="CandleRules"/> on arrival (prices, volume,
/// high/low, alignment), and a <see cref="CandleChecker"/> over the ordered sequence (price jumps until a new level is
/// confirmed).
/// </summary>
internal sealed class CandleSequencer
{
    private readonly Symbol _symbol;
    private readonly ICandleSource _source;
    private readonly Interval _interval;
    private readonly SymbolPipelineOptions _options;
    private readonly StreamCounters _counters;
    private readonly ILogger _logger;
    private readonly CandleChecker _checker;
    private readonly SortedList<DateTime, Candle> _held = [];
    private DateTime _lastFinal;
    private bool _hasFinal;
    private bool _wrongInterval;

    public CandleSequencer(Symbol symbol, ICandleSource source, Interval interval, SymbolPipelineOptions options, StreamCounters counters, ILogger logger)
    {
        _symbol = symbol;
        _source = source;
        _interval = interval;
        _options = options;
        _counters = counters;
        _logger = logger;
        _checker = new CandleChecker(CheckOptions(interval, options));
    }

    /// <summary>Open time of the last closed bar passed on.</summary>
    public DateTime? LastFinal => _hasFinal ? _lastFinal : null;

    /// <summary>
    /// The rules a live stream judges bars by: batch validation's, without repairs (a live bar that breaks a rule is
    /// dropped, not guessed at) and without outlier flags (they change nothing and a stream has no report to put them in).
    /// </summary>
    internal static CandleCheckOptions CheckOptions(Interval interval, SymbolPipelineOptions options) => new()
    {
        Interval = interval,
        Repair = false,
        MaxPriceJump = options.MaxPriceJump,
        JumpConfirmations = options.OutlierConfirmations,
        DetectOutliers = false,
    };

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
            Rebase(last);
        }
    }

    /// <summary>Validates <paramref name="update"/> and appends what may pass, in order, to <paramref name="output"/>.</summary>
    /// <exception cref="IntervalMismatchException">
    /// The source's closed bars are spaced by another interval than the stream's (thrown once; the source's later
    /// bars are dropped).
    /// </exception>
    public ValueTask ProcessAsync(CandleUpdate update, List<CandleUpdate> output, CancellationToken cancellationToken)
    {
        if (_wrongInterval)
        {
            return ValueTask.CompletedTask;
        }

        var candle = update.Candle;
        var verdict = CandleRules.Check(candle, _interval);
        if (verdict.IsRejected)
        {
            Reject(verdict);
            return ValueTask.CompletedTask;
        }

        if (!update.IsFinal)
        {
            // Judged against the sequence without changing it: stale (at or before the last close) or a jump.
            verdict = _checker.Inspect(candle);
            if (verdict.Rule is CandleRule.Duplicate or CandleRule.OutOfOrder)
            {
                _counters.Duplicate();
            }
            else if (verdict.IsRejected)
            {
                Reject(verdict);
            }
            else if (_held.Count == 0)
            {
                // While closed bars are held for a missing one, previews wait too.
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
        _held.Count == 0 || _wrongInterval ? ValueTask.CompletedTask : DrainHeldAsync(output, force: true, cancellationToken);

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
                // History is checked by the same value rules, for range and duplicates, and trusted for its price level.
                if (bar.Timestamp >= from && bar.Timestamp < to && (!_hasFinal || bar.Timestamp > _lastFinal) && !CandleRules.Check(bar, _interval).IsRejected)
                {
                    AcceptHistory(bar, output);
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

    private void Accept(in Candle candle, List<CandleUpdate> output)
    {
        // The ordered sequence is judged as batch validation judges a file; only jumps can fail here (the value
        // rules passed on arrival and the order is the sequencer's).
        var verdict = _checker.Check(candle);
        if (verdict.IsRejected)
        {
            Reject(verdict);
            return;
        }

        if (_checker.Spacing.Contradicts(_interval, out _))
        {
            // 5-minute bars labelled 1m would be predicted on as if they were minutes: stop this source instead.
            _wrongInterval = true;
            _checker.Spacing.ThrowIfContradicts(_interval, $"source '{_source.Name}' {_symbol} bars", $"the {_symbol} stream");
        }

        if ((verdict.Notes & CandleNotes.LevelShift) != 0)
        {
            StreamingLog.OutlierLevelAccepted(_logger, _symbol, _source.Name, _options.OutlierConfirmations, candle.Close);
        }

        Pass(candle, output);
    }

    private void AcceptHistory(in Candle bar, List<CandleUpdate> output)
    {
        if (_checker.Check(bar).IsRejected)
        {
            // A jump in history is real: the exchange's own record sets the level live bars are judged against.
            Rebase(bar);
        }

        Pass(bar, output);
    }

    private void Rebase(in Candle bar)
    {
        if (_checker.LastTimestamp is { } latest && latest >= bar.Timestamp)
        {
            return;
        }

        _checker.Reset();
        _checker.Check(bar);
    }

    private void Pass(in Candle candle, List<CandleUpdate> output)
    {
        _lastFinal = candle.Timestamp;
        _hasFinal = true;
        output.Add(new CandleUpdate(_symbol, _interval, candle, IsFinal: true, _source.Name));
    }

    private void Reject(in CandleVerdict verdict)
    {
        if (verdict.Rule == CandleRule.PriceJump)
        {
            _counters.Outlier();
        }
        else
        {
            _counters.Reject(ReasonTag(verdict.Rule));
        }

        StreamingLog.Rejected(_logger, _symbol, _source.Name, verdict.Candle.Timestamp, verdict.Reason, verdict.Candle);
    }

    /// <summary>The <c>reason</c> tag of <c>psdk.stream.rejected</c>: the rule's name as quality reports spell it.</summary>
    internal static string ReasonTag(CandleRule rule) => rule switch
    {
        CandleRule.NonFinitePrice => "nonFinitePrice",
        CandleRule.NonPositivePrice => "nonPositivePrice",
        CandleRule.NonFiniteVolume => "nonFiniteVolume",
        CandleRule.NegativeVolume => "negativeVolume",
        CandleRule.OhlcInconsistent => "ohlcInconsistent",
        CandleRule.Misaligned => "misaligned",
        CandleRule.PriceJump => "priceJump",
        _ => "other",
    };
}
