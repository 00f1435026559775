namespace PredictionSdk.Models.Drift;

/// <summary>Which changes of level a one-stream test watches for.</summary>
[Flags]
public enum ChangeSides
{
    /// <summary>Rises of the level (a loss getting worse).</summary>
    Increase = 1,

    /// <summary>Falls of the level.</summary>
    Decrease = 2,

    /// <summary>Both.</summary>
    Both = Increase | Decrease,
}

/// <summary>Settings of <see cref="PageHinkley"/>.</summary>
public sealed class PageHinkleyOptions
{
    /// <summary>δ, the change magnitude tolerated without alarm, in units of the warm-up standard deviation σ̂ (raw units when <see cref="Standardize"/> is off). Default 0.2.</summary>
    public double Delta { get; set; } = 0.2;

    /// <summary>λ, the alarm threshold on m_T − M_T, in units of σ̂ (raw units when <see cref="Standardize"/> is off). Default 35.</summary>
    public double Lambda { get; set; } = 35;

    /// <summary>α in (0, 1], the forgetting factor of the statistic (PH_T = max(0, α·PH_{T−1} + …)); 1 forgets nothing. Default 0.9999.</summary>
    public double Alpha { get; set; } = 0.9999;

    /// <summary>Observations, after the start and after every alarm, that only estimate the mean and σ̂; no alarm is raised during them. Default 500.</summary>
    public int WarmUp { get; set; } = 500;

    /// <summary>
    /// Express <see cref="Delta"/> and <see cref="Lambda"/> in units of the standard deviation measured over the warm-up
    /// (so one setting serves log losses, miss indicators and scaled pinball losses). Default true.
    /// </summary>
    public bool Standardize { get; set; } = true;

    /// <summary>Which changes raise an alarm. Default <see cref="ChangeSides.Increase"/> (losses getting worse).</summary>
    public ChangeSides Sides { get; set; } = ChangeSides.Increase;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Delta >= 0 && double.IsFinite(Delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(Delta), Delta, "Page–Hinkley's δ must be finite and not negative.");
        }

        if (!(Lambda > 0 && double.IsFinite(Lambda)))
        {
            throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "Page–Hinkley's λ must be positive and finite.");
        }

        if (!(Alpha > 0 && Alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Page–Hinkley's forgetting factor α must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(WarmUp, Standardize ? 2 : 0, nameof(WarmUp));
        if (Sides is not (ChangeSides.Increase or ChangeSides.Decrease or ChangeSides.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(Sides), Sides, "Sides must be Increase, Decrease or Both.");
        }
    }
}
