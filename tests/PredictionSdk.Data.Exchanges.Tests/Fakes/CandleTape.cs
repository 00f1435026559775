namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>
/// The "exchange's truth": a deterministic 1-minute series per symbol and a cursor, the index of the bar currently
/// open on the exchange. REST serves bars before the cursor; the WebSocket streams from it.
/// </summary>
public sealed class CandleTape
{
    private int _cursor;

    public CandleTape(IReadOnlyList<Symbol> symbols, int count, DateTime? start = null, int seed = 7)
    {
        Symbols = symbols;
        Start = start ?? new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        var random = new Random(seed);
        foreach (var (symbol, index) in symbols.Select((s, i) => (s, i)))
        {
            var bars = new Candle[count];
            double price = 100 * (index + 1);
            for (int i = 0; i < count; i++)
            {
                double open = price;
                double close = Math.Round(open * (1 + (random.NextDouble() - 0.5) * 0.004), 4);
                double high = Math.Round(Math.Max(open, close) * (1 + random.NextDouble() * 0.001), 4);
                double low = Math.Round(Math.Min(open, close) * (1 - random.NextDouble() * 0.001), 4);
                double volume = Math.Round(1 + random.NextDouble() * 10, 4);
                // Order flow as a full kline reports it; each fake narrows it to what its exchange sends (Report).
                double takerBuy = Math.Round(volume * (0.3 + (0.4 * random.NextDouble())), 4);
                bars[i] = new Candle(Start.AddMinutes(i), open, high, low, close, volume, close * volume, 5 + random.Next(50), takerBuy, takerBuy * close);
                price = close;
            }

            Bars[symbol] = bars;
        }
    }

    public IReadOnlyList<Symbol> Symbols { get; }

    /// <summary>True when bars confirmed over REST carry no order flow (the exchange's REST candles are OHLCV only).</summary>
    public bool RestBarsLackOrderFlow { get; set; }

    public DateTime Start { get; }

    public Dictionary<Symbol, Candle[]> Bars { get; } = [];

    public int Count => Bars.Values.First().Length;

    public int Cursor
    {
        get => Volatile.Read(ref _cursor);
        set => Volatile.Write(ref _cursor, value);
    }

    /// <summary>The still-open bar as known halfway through: open, a partial range, half the volume and order flow.</summary>
    public static Candle Partial(in Candle bar)
    {
        double mid = Math.Round((bar.Open + bar.Close) / 2, 4);
        double volume = Math.Round(bar.Volume / 2, 4);
        double takerBuy = Math.Round(bar.TakerBuyVolume / 2, 4);
        return new Candle(bar.Timestamp, bar.Open, Math.Max(bar.Open, mid), Math.Min(bar.Open, mid), mid, volume,
            double.IsNaN(bar.QuoteVolume) ? double.NaN : mid * volume, Math.Floor(bar.TradeCount / 2), takerBuy, takerBuy * mid);
    }

    /// <summary>Replaces every bar by what the exchange reports of it (e.g. no taker split), so clients are checked against that.</summary>
    public CandleTape Report(Func<Candle, Candle> exchangeView)
    {
        foreach (var bars in Bars.Values)
        {
            for (int i = 0; i < bars.Length; i++)
            {
                bars[i] = exchangeView(bars[i]);
            }
        }

        return this;
    }

    /// <summary>The bar without order flow, as a plain OHLCV source reports it.</summary>
    public static Candle WithoutOrderFlow(Candle bar) => bar.WithOrderFlow(double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The bar without the aggressor split (exchanges that send quote volume and trade count only).</summary>
    public static Candle WithoutTakerSplit(Candle bar) => bar with { TakerBuyVolume = double.NaN, TakerBuyQuoteVolume = double.NaN };

    /// <summary>Closed bars of <paramref name="symbol"/> with open time in [from, to).</summary>
    public IEnumerable<Candle> Closed(Symbol symbol, DateTime from, DateTime to)
    {
        int cursor = Cursor;
        var bars = Bars[symbol];
        for (int i = 0; i < Math.Min(cursor, bars.Length); i++)
        {
            if (bars[i].Timestamp >= from && bars[i].Timestamp < to)
            {
                yield return bars[i];
            }
        }
    }

    public int IndexOf(DateTime time) => (int)Math.Round((time - Start).TotalMinutes);
}
