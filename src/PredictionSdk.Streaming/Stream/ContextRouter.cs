using System.Diagnostics;

namespace PredictionSdk.Streaming;

/// <summary>
/// One worker's cross-asset context plumbing: which symbols' models read which context symbols, the newest bar of each
/// context symbol seen and emitted, and the updates of symbols whose closed bar waits for its context bars of the same
/// minute. A waiting bar is released as soon as every context symbol's pipeline has emitted that minute's bar or a later
/// one (after its own sequencing: a bar held back for a gap does not count until it is put in order), or once
/// <see cref="RealTimeStreamOptions.ContextWait"/> has passed (counted as late); the symbol's later updates queue behind
/// it, so its order is kept. Emitted context bars are kept per reader and handed to its model just before the model
/// observes its own bar of that minute: the calls the batch path makes, whatever the skew between the two feeds (a
/// warm-up, a replay running ahead). Touched by its worker only.
/// </summary>
internal sealed class ContextRouter
{
    private readonly IReadOnlyDictionary<Symbol, IReadOnlyList<Symbol>> _contextOf;
    private readonly Dictionary<Symbol, List<Symbol>> _dependents = [];
    private readonly Dictionary<Symbol, DateTime> _emitted = [];
    private readonly Dictionary<Symbol, Queue<(StreamInput Item, long ParkedAt)>> _parked = [];
    private readonly Dictionary<(Symbol Target, Symbol Context), Queue<Candle>> _due = [];
    private const int MaxKept = 100_000;
    private readonly TimeSpan _wait;
    private readonly StreamCounters _counters;

    public ContextRouter(IReadOnlyDictionary<Symbol, IReadOnlyList<Symbol>> contextOf, TimeSpan wait, StreamCounters counters)
    {
        _contextOf = contextOf;
        _wait = wait;
        _counters = counters;
        foreach (var (target, contexts) in contextOf)
        {
            foreach (var context in contexts)
            {
                if (!_dependents.TryGetValue(context, out var list))
                {
                    _dependents[context] = list = [];
                }

                list.Add(target);
            }
        }
    }

    /// <summary>True when some symbol's model reads context symbols.</summary>
    public bool Active => _contextOf.Count > 0;

    /// <summary>The symbols whose model reads <paramref name="context"/>; empty when none does.</summary>
    public IReadOnlyList<Symbol> DependentsOf(Symbol context) => _dependents.TryGetValue(context, out var list) ? list : [];

    /// <summary>Records a closed bar a context symbol's pipeline emitted and keeps it for each symbol whose model reads it.</summary>
    public void Emitted(Symbol context, Candle bar)
    {
        _emitted[context] = bar.Timestamp;
        foreach (var target in DependentsOf(context))
        {
            if (!_due.TryGetValue((target, context), out var queue))
            {
                _due[(target, context)] = queue = new();
            }

            if (queue.Count == MaxKept)
            {
                // A symbol that stopped computing bars must not hold its context forever.
                queue.Dequeue();
            }

            queue.Enqueue(bar);
        }
    }

    /// <summary>Hands <paramref name="target"/>'s model every kept context bar opening at or before <paramref name="openTime"/>, in order.</summary>
    public void Deliver(SymbolPipeline target, DateTime openTime)
    {
        if (!_contextOf.TryGetValue(target.Symbol, out var contexts))
        {
            return;
        }

        foreach (var context in contexts)
        {
            if (_due.TryGetValue((target.Symbol, context), out var queue))
            {
                while (queue.Count > 0 && queue.Peek().Timestamp <= openTime)
                {
                    target.ObserveContext(context, queue.Dequeue());
                }
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> when it is a closed bar whose context has not arrived, or follows one that waits.</summary>
    public bool TryPark(StreamInput item)
    {
        var symbol = item.Update.Symbol;
        if (!_contextOf.TryGetValue(symbol, out var contexts) || contexts.Count == 0)
        {
            return false;
        }

        if (!_parked.TryGetValue(symbol, out var queue))
        {
            _parked[symbol] = queue = new();
        }

        if (queue.Count == 0 && (!item.Update.IsFinal || Arrived(contexts, item.Update.Candle.Timestamp)))
        {
            return false;
        }

        queue.Enqueue((item, Stopwatch.GetTimestamp()));
        return true;
    }

    /// <summary>Takes the next update that may go on: its context arrived, its wait is over, or <paramref name="all"/> (the sources ended).</summary>
    public bool TryRelease(bool all, out StreamInput item)
    {
        foreach (var (symbol, queue) in _parked)
        {
            if (queue.Count == 0)
            {
                continue;
            }

            var (head, parkedAt) = queue.Peek();
            bool arrived = !head.Update.IsFinal || Arrived(_contextOf[symbol], head.Update.Candle.Timestamp);
            if (arrived || all || Stopwatch.GetElapsedTime(parkedAt) >= _wait)
            {
                if (!arrived)
                {
                    _counters.ContextLate();
                }

                queue.Dequeue();
                item = head;
                return true;
            }
        }

        item = default;
        return false;
    }

    /// <summary>Time until the oldest waiting bar's wait is over; null when none waits.</summary>
    public TimeSpan? NextDeadline()
    {
        TimeSpan? next = null;
        foreach (var queue in _parked.Values)
        {
            if (queue.Count > 0)
            {
                var left = _wait - Stopwatch.GetElapsedTime(queue.Peek().ParkedAt);
                next = next is { } n && n < left ? n : left;
            }
        }

        return next is { } d && d < TimeSpan.Zero ? TimeSpan.Zero : next;
    }

    private bool Arrived(IReadOnlyList<Symbol> contexts, DateTime openTime)
    {
        foreach (var context in contexts)
        {
            if (!_emitted.TryGetValue(context, out var last) || last < openTime)
            {
                return false;
            }
        }

        return true;
    }
}
