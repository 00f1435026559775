namespace PredictionSdk.Validation;

/// <summary>The rules a bar is judged by, in the order they are applied. Every part of the SDK uses these.</summary>
public enum CandleRule : byte
{
    /// <summary>No rule broken.</summary>
    None = 0,

    /// <summary>Open, high, low or close is NaN or infinite. Cannot be repaired.</summary>
    NonFinitePrice,

    /// <summary>Open, high, low or close is zero or negative. Cannot be repaired.</summary>
    NonPositivePrice,

    /// <summary>Volume is NaN or infinite. Repair sets it to 0.</summary>
    NonFiniteVolume,

    /// <summary>Volume is below zero. Repair sets it to 0.</summary>
    NegativeVolume,

    /// <summary>High below open, close or low, or low above open, close or high. Repair widens high and low to the prices.</summary>
    OhlcInconsistent,

    /// <summary>The open time is not on a boundary of the interval. Repair floors it to the boundary.</summary>
    Misaligned,

    /// <summary>Same open time as a bar already accepted. The first accepted bar wins; later ones are dropped.</summary>
    Duplicate,

    /// <summary>Open time earlier than the latest accepted bar. Repair accepts it for the caller to sort into place.</summary>
    OutOfOrder,

    /// <summary>
    /// High or low moved more than <see cref="CandleCheckOptions.MaxPriceJump"/> from the last accepted close. Rejected
    /// until <see cref="CandleCheckOptions.JumpConfirmations"/> bars in a row confirm the new level.
    /// </summary>
    PriceJump,

    /// <summary>
    /// The close's log return is far outside the recent returns (Hampel rule on a trailing window). Flagged, never
    /// changed or dropped.
    /// </summary>
    Outlier,
}

/// <summary>What a <see cref="CandleVerdict"/> says to do with a bar.</summary>
public enum CandleAction : byte
{
    /// <summary>Use the bar as it is.</summary>
    Accept = 0,

    /// <summary>Use <see cref="CandleVerdict.Candle"/>, which differs from the input as <see cref="CandleVerdict.Repairs"/> says.</summary>
    Repair,

    /// <summary>Do not use the bar; <see cref="CandleVerdict.Rule"/> and <see cref="CandleVerdict.Field"/> say why.</summary>
    Reject,
}

/// <summary>The fixes a repaired bar received.</summary>
[Flags]
public enum CandleRepairs : byte
{
    /// <summary>Nothing changed.</summary>
    None = 0,

    /// <summary>High raised to the highest price.</summary>
    High = 1,

    /// <summary>Low lowered to the lowest price.</summary>
    Low = 2,

    /// <summary>Volume set to 0 (it was negative or not finite).</summary>
    Volume = 4,

    /// <summary>Open time floored to the interval boundary.</summary>
    Timestamp = 8,

    /// <summary>The bar arrived after a later one; the caller must sort it into place.</summary>
    Order = 16,
}

/// <summary>Observations about an accepted bar that change nothing.</summary>
[Flags]
public enum CandleNotes : byte
{
    /// <summary>Nothing to note.</summary>
    None = 0,

    /// <summary>The close's return is an outlier (<see cref="CandleRule.Outlier"/>); <see cref="CandleVerdict.OutlierScore"/> says by how much.</summary>
    Outlier = 1,

    /// <summary>A price jump was confirmed by enough bars in a row and is taken as the new level.</summary>
    LevelShift = 2,

    /// <summary>Bars are missing between the previous accepted bar and this one.</summary>
    Gap = 4,
}
