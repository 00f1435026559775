using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using PredictionSdk.Validation;

namespace PredictionSdk.Data.Exchanges;

// Delivery: what happens to each parsed update — validation, ordering per symbol, gap backfill and REST confirmation.
public abstract partial class WebSocketCandleSource
{
    private async ValueTask HandleAsync(FeedRun run, SessionUpdate item, CancellationToken cancellationToken)
    {
        var update = item.Update;
        if (!run.States.TryGetValue(update.Symbol, out var state))
        {
            Statistics.Ignored();
            return;
        }

        if (!AcceptCandle(update.Symbol, update.Candle, run.Interval))
        {
            state.GapSuspected |= update.IsFinal;
            return;
        }

        DateTime time = update.Candle.Timestamp;
        if ((state.LastFinal is { } last && time <= last) || (!update.IsFinal && state.LastOpen is { } open && time < open))
        {
            Statistics.Duplicate();
            FeedLog.DuplicateDropped(Logger, Name, update.Symbol, time);
            return;
        }

        if (state.LastFinal is { } lastFinal)
        {
            DateTime expected = lastFinal + run.Interval.Duration;
            if (time > expected && (run.Session.GapsAreAbnormal || state.GapSuspected))
            {
                if (run.Session.IsGapExpected(update.Symbol, expected, time))
                {
                    FeedLog.GapOutsideSession(Logger, Name, update.Symbol, expected, time);
                }
                else
                {
                    await BackfillAsync(run, update.Symbol, state, expected, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        // A bar rebuilt from a partial view (seen before a drop) predates the gap; the next live bar settles it.
        if (!item.Incomplete)
        {
            state.GapSuspected = false;
        }
        if (item.Incomplete && update.IsFinal)
        {
            update = await ConfirmOverRestAsync(run, update, cancellationToken).ConfigureAwait(false);
        }

        await EmitAsync(run, state, update, cancellationToken).ConfigureAwait(false);
    }

    // Bars are judged by the SDK's one rule set; ordering and duplicates are handled per symbol below.
    private bool AcceptCandle(Symbol symbol, in Candle candle, Interval interval)
    {
        var verdict = CandleRules.Check(candle, interval);
        if (!verdict.IsRejected)
        {
            return true;
        }

        if (_options.InvalidCandles == InvalidCandleHandling.Reject)
        {
            Statistics.Rejected();
            FeedLog.CandleRejected(Logger, Name, symbol, "rejected", verdict.Rule, verdict.Reason, candle);
            return false;
        }

        Statistics.InvalidPassed();
        FeedLog.CandleRejected(Logger, Name, symbol, "passed on", verdict.Rule, verdict.Reason, candle);
        return true;
    }

    private async ValueTask EmitAsync(FeedRun run, SymbolState state, CandleUpdate update, CancellationToken cancellationToken)
    {
        if (update.IsFinal)
        {
            state.LastFinal = update.Candle.Timestamp;
        }
        else
        {
            state.LastOpen = update.Candle.Timestamp;
        }

        await run.Writer.WriteAsync(update, cancellationToken).ConfigureAwait(false);
        run.Emitted++;
        Statistics.Emitted(update.IsFinal);
    }

    private async ValueTask BackfillAsync(FeedRun run, Symbol symbol, SymbolState state, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        IReadOnlyList<Candle> bars;
        try
        {
            bars = await GetHistoryAsync(symbol, run.Interval, from, to, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Statistics.BackfillFailed();
            FeedLog.BackfillFailed(Logger, Name, symbol, from, to, ex);
            return;
        }

        int count = 0;
        foreach (var bar in bars.OrderBy(b => b.Timestamp))
        {
            if (bar.Timestamp < from || bar.Timestamp >= to || (state.LastFinal is { } last && bar.Timestamp <= last) || !AcceptCandle(symbol, bar, run.Interval))
            {
                continue;
            }

            await EmitAsync(run, state, new CandleUpdate(symbol, run.Interval, bar, true, Name), cancellationToken).ConfigureAwait(false);
            count++;
        }

        Statistics.Backfilled(count);
        FeedLog.Backfilled(Logger, Name, symbol, from, to, count);
    }

    private async ValueTask<CandleUpdate> ConfirmOverRestAsync(FeedRun run, CandleUpdate update, CancellationToken cancellationToken)
    {
        DateTime from = update.Candle.Timestamp;
        try
        {
            var bars = await GetHistoryAsync(update.Symbol, run.Interval, from, from + run.Interval.Duration, cancellationToken).ConfigureAwait(false);
            foreach (var bar in bars)
            {
                if (bar.Timestamp == from && !CandleRules.Check(bar, run.Interval).IsRejected)
                {
                    Statistics.Backfilled(1);
                    return update with { Candle = bar };
                }
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Statistics.BackfillFailed();
            FeedLog.BackfillFailed(Logger, Name, update.Symbol, from, from + run.Interval.Duration, ex);
        }

        return update;
    }
}
