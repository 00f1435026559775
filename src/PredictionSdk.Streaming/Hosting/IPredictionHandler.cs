namespace PredictionSdk.Streaming;

/// <summary>Acts on each prediction of the hosted <see cref="RealTimeStream"/>; register with <c>AddPredictionHandler&lt;T&gt;()</c>.</summary>
public interface IPredictionHandler
{
    /// <summary>Handles one prediction. Runs on the fan-out, in order per symbol: keep it quick, or hand the work off.</summary>
    ValueTask HandleAsync(Prediction prediction, CancellationToken cancellationToken);
}
