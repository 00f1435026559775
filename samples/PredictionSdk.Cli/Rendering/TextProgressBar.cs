using System.Globalization;
using PredictionSdk.Models.Training;

namespace PredictionSdk.Cli;

/// <summary>
/// Draws training progress as one line on a text writer (e.g. <c>Console.Out</c>): epoch, a bar, batch, running loss,
/// validation loss, throughput and ETA. The line is redrawn in place at most ten times a second, and once more at the
/// end of every epoch, which also ends the line.
/// </summary>
internal sealed class TextProgressBar(TextWriter writer, int width = 30) : IProgress<TrainingProgress>
{
    private const long RedrawMilliseconds = 100;
    private long? _lastDraw;

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        long now = Environment.TickCount64;
        if (!value.IsEpochEnd && _lastDraw is { } last && now - last < RedrawMilliseconds)
        {
            return;
        }

        _lastDraw = now;
        int filled = Math.Clamp((int)(value.Fraction * width), 0, width);
        string bar = new string('#', filled) + new string('.', width - filled);
        string validation = value.ValidationLoss is { } v ? string.Create(CultureInfo.InvariantCulture, $" val {v:F4}") : string.Empty;
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {value.Epoch}/{value.Epochs} [{bar}] batch {value.Batch}/{value.Batches} loss {value.TrainLoss:F4}{validation} {value.SamplesPerSecond:F0}/s ETA {value.EstimatedRemaining:mm\\:ss}   "));
        if (value.IsEpochEnd)
        {
            writer.WriteLine();
        }
    }
}
