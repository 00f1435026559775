namespace PredictionSdk.Models.Drift;

/// <summary>Settings of <see cref="Adwin"/>.</summary>
public sealed class AdwinOptions
{
    /// <summary>
    /// Confidence δ in (0, 1): the bound on the probability that a check of a stationary stream cuts the window.
    /// Smaller means fewer false alarms and later detections. Default 0.002.
    /// </summary>
    public double Delta { get; set; } = 0.002;

    /// <summary>
    /// M, the most buckets of one size kept before the two oldest merge (the exponential histogram's compression).
    /// Memory and time per check are O(M·log(n/M)); cut points are checked at bucket boundaries only. Default 5.
    /// </summary>
    public int MaxBucketsPerRow { get; set; } = 5;

    /// <summary>Observations between two checks for a cut. 1 checks at every observation. Default 32.</summary>
    public int Clock { get; set; } = 32;

    /// <summary>Smallest number of observations on either side of a cut point. Default 5.</summary>
    public int MinSubWindow { get; set; } = 5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Delta > 0 && Delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Delta), Delta, "ADWIN's δ must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBucketsPerRow, 2, nameof(MaxBucketsPerRow));
        ArgumentOutOfRangeException.ThrowIfLessThan(Clock, 1, nameof(Clock));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSubWindow, 1, nameof(MinSubWindow));
    }
}
