namespace PredictionSdk;

/// <summary>A higher-interval bar built from shorter source bars.</summary>
/// <param name="Candle">The aggregated bar: first open, highest high, lowest low, last close, summed volume; open time on the target interval's UTC boundary.</param>
/// <param name="SourceCount">How many source bars went into it (fewer than the interval holds when the source had gaps).</param>
/// <param name="IsComplete">
/// True when the bar's period is over: a later source bar exists or the last source bar ends at the bar's end.
/// Only the last bar of a batch, or the current bar of a <see cref="CandleAggregator"/>, can be incomplete.
/// </param>
public readonly record struct ResampledCandle(Candle Candle, int SourceCount, bool IsComplete);

/// <summary>Accumulates source bars into one target bar. Mutable; used by value inside <see cref="CandleAggregator"/>.</summary>
internal struct BarAccumulator
{
    public DateTime OpenTime;
    public double Open;
    public double High;
    public double Low;
    public double Close;
    public double Volume;
    public double QuoteVolume;
    public double TradeCount;
    public double TakerBuyVolume;
    public double TakerBuyQuoteVolume;
    public int Count;

    public void Start(DateTime openTime, in Candle first, int sourceCount)
    {
        OpenTime = openTime;
        Open = first.Open;
        High = first.High;
        Low = first.Low;
        Close = first.Close;
        Volume = first.Volume;
        QuoteVolume = first.QuoteVolume;
        TradeCount = first.TradeCount;
        TakerBuyVolume = first.TakerBuyVolume;
        TakerBuyQuoteVolume = first.TakerBuyQuoteVolume;
        Count = sourceCount;
    }

    public void Add(in Candle next, int sourceCount)
    {
        // Math.Max/Min propagate NaN, so a non-finite source bar is not hidden by aggregation.
        High = Math.Max(High, next.High);
        Low = Math.Min(Low, next.Low);
        Close = next.Close;
        Volume += next.Volume;

        // Order flow sums like volume; a NaN (not reported) in any source bar leaves the sum not reported.
        QuoteVolume += next.QuoteVolume;
        TradeCount += next.TradeCount;
        TakerBuyVolume += next.TakerBuyVolume;
        TakerBuyQuoteVolume += next.TakerBuyQuoteVolume;
        Count += sourceCount;
    }

    public readonly Candle ToCandle() => new(OpenTime, Open, High, Low, Close, Volume, QuoteVolume, TradeCount, TakerBuyVolume, TakerBuyQuoteVolume);
}
