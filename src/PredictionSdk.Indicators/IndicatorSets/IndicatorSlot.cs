namespace PredictionSdk.Indicators;

/// <summary>Writes one indicator result into its columns (<paramref name="destination"/> is exactly that wide).</summary>
/// <typeparam name="TResult">The indicator's result record.</typeparam>
public delegate void IndicatorColumnWriter<TResult>(in TResult result, Span<double> destination);

/// <summary>One indicator of a set with its columns.</summary>
internal abstract class IndicatorSlot(int offset, int width)
{
    protected int Offset { get; } = offset;

    protected int Width { get; } = width;

    public abstract bool IsReady { get; }

    public abstract void Add(in Candle candle, Span<double> values);

    public abstract void Preview(in Candle candle, Span<double> values);

    public abstract void Reset();
}

/// <summary>The typed slot: results stay structs, so updates do not box or allocate.</summary>
internal sealed class IndicatorSlot<TResult>(IStreamingIndicator<TResult> indicator, IndicatorColumnWriter<TResult> writer, int offset, int width)
    : IndicatorSlot(offset, width)
{
    public override bool IsReady => indicator.IsReady;

    public override void Add(in Candle candle, Span<double> values)
    {
        TResult result = indicator.Add(candle);
        writer(result, values.Slice(Offset, Width));
    }

    public override void Preview(in Candle candle, Span<double> values)
    {
        TResult result = indicator.Preview(candle);
        writer(result, values.Slice(Offset, Width));
    }

    public override void Reset() => indicator.Reset();
}
