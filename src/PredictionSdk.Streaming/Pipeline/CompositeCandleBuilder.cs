namespace PredictionSdk.Streaming;

/// <summary>
/// Combines one symbol's validated bars from several exchanges into one composite bar: prices volume-weighted
/// (equal weights when no volume traded), volumes summed. A bar closes when every exchange closed it, or when
/// an update two bars later shows a lagging exchange will not.
/// </summary>
internal sealed class CompositeCandleBuilder
{
    /// <summary><see cref="CandleUpdate.Source"/> of composite bars.</summary>
    public const string SourceName = "composite";

    private readonly Symbol _symbol;
    private readonly Interval _interval;
    private readonly string[] _exchanges;
    private readonly SortedList<DateTime, Slot[]> _pending = [];
    private readonly Stack<Slot[]> _free = new();
    private DateTime _lastClosed = DateTime.MinValue;

    public CompositeCandleBuilder(Symbol symbol, Interval interval, IReadOnlyList<string> exchanges)
    {
        _symbol = symbol;
        _interval = interval;
        _exchanges = [.. exchanges];
    }

    /// <summary>Adds an exchange's validated update; appends composite updates to <paramref name="output"/>. False when the update was ignored (too late).</summary>
    public bool Add(in CandleUpdate update, List<CandleUpdate> output)
    {
        int exchange = Array.IndexOf(_exchanges, update.Source);
        DateTime time = update.Candle.Timestamp;
        if (exchange < 0 || time <= _lastClosed)
        {
            return false;
        }

        if (!_pending.TryGetValue(time, out var slots))
        {
            slots = _free.Count > 0 ? _free.Pop() : new Slot[_exchanges.Length];
            Array.Clear(slots);
            _pending.Add(time, slots);
        }

        slots[exchange] = new Slot(update.Candle, HasData: true, IsFinal: update.IsFinal);
        if (AllFinal(slots))
        {
            CloseThrough(time, output);
        }
        else
        {
            // Previews only for the newest bar: an older one is about to close.
            if (_pending.Keys[^1] == time)
            {
                output.Add(new CandleUpdate(_symbol, _interval, Combine(time, slots), IsFinal: false, SourceName));
            }

            while (_pending.Count > 2)
            {
                CloseThrough(_pending.Keys[0], output);
            }
        }

        return true;
    }

    /// <summary>Bars up to <paramref name="time"/> are already known (warm-up history): later updates for them are too late.</summary>
    public void ContinueAfter(DateTime time)
    {
        if (time > _lastClosed)
        {
            _lastClosed = time;
        }
    }

    /// <summary>Closes every pending bar with what it has; called when the sources end.</summary>
    public void Flush(List<CandleUpdate> output)
    {
        if (_pending.Count > 0)
        {
            CloseThrough(_pending.Keys[^1], output);
        }
    }

    /// <summary>Volume-weighted composite of the slots that have data.</summary>
    internal static Candle Combine(DateTime time, ReadOnlySpan<Slot> slots)
    {
        double volume = 0, quoteVolume = 0, trades = 0, takerBuy = 0, takerBuyQuote = 0;
        int count = 0;
        foreach (var slot in slots)
        {
            if (slot.HasData)
            {
                volume += slot.Candle.Volume;

                // Order flow adds up across venues; one venue not reporting a field leaves the sum not reported (NaN).
                quoteVolume += slot.Candle.QuoteVolume;
                trades += slot.Candle.TradeCount;
                takerBuy += slot.Candle.TakerBuyVolume;
                takerBuyQuote += slot.Candle.TakerBuyQuoteVolume;
                count++;
            }
        }

        double open = 0, high = 0, low = 0, close = 0;
        foreach (var slot in slots)
        {
            if (!slot.HasData)
            {
                continue;
            }

            double weight = volume > 0 ? slot.Candle.Volume / volume : 1.0 / count;
            open += weight * slot.Candle.Open;
            high += weight * slot.Candle.High;
            low += weight * slot.Candle.Low;
            close += weight * slot.Candle.Close;
        }

        // Each exchange's high bounds its open and close, so the weighted high does too; clamp away rounding.
        high = Math.Max(high, Math.Max(open, close));
        low = Math.Min(low, Math.Min(open, close));
        return new Candle(time, open, high, low, close, volume, quoteVolume, trades, takerBuy, takerBuyQuote);
    }

    private static bool AllFinal(Slot[] slots)
    {
        foreach (var slot in slots)
        {
            if (!slot.IsFinal)
            {
                return false;
            }
        }

        return true;
    }

    private void CloseThrough(DateTime time, List<CandleUpdate> output)
    {
        while (_pending.Count > 0 && _pending.Keys[0] <= time)
        {
            DateTime barTime = _pending.Keys[0];
            var slots = _pending.Values[0];
            _pending.RemoveAt(0);
            output.Add(new CandleUpdate(_symbol, _interval, Combine(barTime, slots), IsFinal: true, SourceName));
            _lastClosed = barTime;
            _free.Push(slots);
        }
    }

    internal readonly record struct Slot(Candle Candle, bool HasData, bool IsFinal);
}
