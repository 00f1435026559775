namespace PredictionSdk.Models.Drift;

/// <summary>Settings of a <see cref="DriftMonitor"/>.</summary>
public sealed class DriftMonitorOptions
{
    /// <summary>Streams to watch. Default: the three losses and feature PSI.</summary>
    public DriftSignal Signals { get; set; } = DriftSignal.All;

    /// <summary>Detectors run on every loss stream (features always use PSI). Default: ADWIN and Page–Hinkley.</summary>
    public DriftDetectorKinds Detectors { get; set; } = DriftDetectorKinds.All;

    /// <summary>ADWIN settings, shared by every loss stream.</summary>
    public AdwinOptions Adwin { get; set; } = new();

    /// <summary>Page–Hinkley settings, shared by every loss stream.</summary>
    public PageHinkleyOptions PageHinkley { get; set; } = new();

    /// <summary>PSI settings, shared by every feature.</summary>
    public PsiDetectorOptions Psi { get; set; } = new();

    /// <summary>Features watched by <see cref="DriftMonitor.ObserveFeatures"/>; empty watches every feature passed.</summary>
    public IList<string> Features { get; } = [];

    /// <summary>
    /// Also raise events when a loss falls (the model got better). Default false: a fall still moves the detectors'
    /// windows, but only rises, which call for attention, become events.
    /// </summary>
    public bool AlarmOnImprovement { get; set; }

    /// <summary>The first problem with these settings, or null when they are usable.</summary>
    public string? Validate()
    {
        if ((Signals & ~DriftSignal.All) != 0 || Signals == DriftSignal.None)
        {
            return $"Signals '{Signals}' must name at least one of {DriftSignal.DirectionLogLoss}, {DriftSignal.PinballLoss}, {DriftSignal.IntervalMiss}, {DriftSignal.FeaturePsi}.";
        }

        if ((Signals & DriftSignal.Losses) != 0 && ((Detectors & ~DriftDetectorKinds.All) != 0 || Detectors == DriftDetectorKinds.None))
        {
            return $"Detectors '{Detectors}' must name Adwin, PageHinkley or both when loss signals are watched.";
        }

        try
        {
            (Adwin ?? throw new ArgumentNullException(nameof(Adwin))).Validate();
            (PageHinkley ?? throw new ArgumentNullException(nameof(PageHinkley))).Validate();
            (Psi ?? throw new ArgumentNullException(nameof(Psi))).Validate();
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }

        return Features.Any(string.IsNullOrWhiteSpace) ? "Features holds an empty name." : null;
    }
}
