namespace PredictionSdk.Indicators;

/// <summary>Streaming Parabolic SAR: O(1) <see cref="Add"/> and <see cref="Preview"/>.</summary>
public sealed class ParabolicSarIndicator : IStreamingIndicator<ParabolicSarResult>
{
    private ParabolicSarState _state;
    private BarClock _clock;

    /// <summary>Creates the indicator.</summary>
    /// <param name="accelerationStep">Increment of the acceleration factor at each new extreme point.</param>
    /// <param name="maxAccelerationFactor">Cap of the acceleration factor.</param>
    /// <param name="initialFactor">Acceleration factor at the start of each trend; <paramref name="accelerationStep"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is not positive, or the step or the initial factor exceeds the cap.</exception>
    public ParabolicSarIndicator(double accelerationStep = 0.02, double maxAccelerationFactor = 0.2, double? initialFactor = null)
    {
        double initial = ParabolicSar.Validate(accelerationStep, maxAccelerationFactor, initialFactor);
        _state = new ParabolicSarState(accelerationStep, maxAccelerationFactor, initial);
    }

    /// <inheritdoc />
    public int Count => _clock.Count;

    /// <summary>True once a SAR has been produced: from the bar after the first trend reversal on.</summary>
    public bool IsReady => _state.IsReady;

    /// <inheritdoc />
    public ParabolicSarResult Add(in Candle candle)
    {
        _clock.EnsureNext(candle.Timestamp);
        (double sar, bool reversal) = _state.Next(candle.High, candle.Low);
        _clock.Commit(candle.Timestamp);
        return ToResult(candle.Timestamp, sar, reversal);
    }

    /// <inheritdoc />
    public ParabolicSarResult Preview(in Candle candle)
    {
        _clock.EnsurePreview(candle.Timestamp);
        (double sar, bool reversal) = _state.Peek(candle.High, candle.Low);
        return ToResult(candle.Timestamp, sar, reversal);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        _clock.Clear();
    }

    private static ParabolicSarResult ToResult(DateTime timestamp, double sar, bool reversal) =>
        double.IsNaN(sar) ? new(timestamp, null, null) : new(timestamp, sar, reversal);
}
