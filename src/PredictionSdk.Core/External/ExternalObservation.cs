namespace PredictionSdk.External;

/// <summary>
/// One value of an external series (a sentiment score, a funding rate, an on-chain count, a macro release).
/// </summary>
/// <param name="Timestamp">
/// UTC time the value refers to, as its publisher stamps it. A feature may read it only once it was public:
/// at <c>Timestamp + publication lag</c> (the lag is part of the feature spec, not of the observation).
/// </param>
/// <param name="Value">The value; must be finite.</param>
public readonly record struct ExternalObservation(DateTime Timestamp, double Value);
