namespace PredictionSdk.Data.Sentiment;

/// <summary>
/// Scores a piece of text (a headline and its summary) from −1 (negative) to +1 (positive). The SDK ships
/// <see cref="LexiconSentimentScorer"/>; plug in a better one (for example an ONNX text classifier run with ONNX
/// Runtime) by implementing this interface. Must be thread-safe.
/// </summary>
public interface ISentimentScorer
{
    /// <summary>The score of <paramref name="text"/>, in [−1, 1]; 0 when nothing in it carries sentiment.</summary>
    double Score(string text);
}
