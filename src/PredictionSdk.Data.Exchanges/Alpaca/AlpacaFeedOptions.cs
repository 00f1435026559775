namespace PredictionSdk.Data.Exchanges.Alpaca;

/// <summary>
/// Settings of the Alpaca market-data feed (stocks). The key and secret come from configuration and are never
/// logged; <see cref="ToString"/> redacts them.
/// </summary>
public sealed class AlpacaFeedOptions : ExchangeFeedOptions
{
    /// <summary>Configuration section the options bind from by convention.</summary>
    public const string SectionName = "PredictionSdk:Feeds:Alpaca";

    /// <summary>Creates options with Alpaca's production endpoints and limits.</summary>
    public AlpacaFeedOptions()
    {
        WebSocketUrl = "wss://stream.data.alpaca.markets";
        RestUrl = "https://data.alpaca.markets";
        // The free plan allows 200 REST calls per minute.
        RestRequestsPerSecond = 3;
        // Minute bars arrive once a minute at most, and not at all for an idle symbol.
        IdleTimeout = TimeSpan.FromMinutes(5);
    }

    /// <summary>API key id (<c>APCA-API-KEY-ID</c>).</summary>
    public string KeyId { get; set; } = string.Empty;

    /// <summary>API secret key (<c>APCA-API-SECRET-KEY</c>).</summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Data feed: <c>iex</c> (free) or <c>sip</c> (all US exchanges).</summary>
    public string Feed { get; set; } = "iex";

    /// <summary>Count pre-market (04:00) and after-hours (until 20:00, New York) as trading time for gap detection.</summary>
    public bool ExtendedHours { get; set; }

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string failure in base.Validate())
        {
            yield return failure;
        }

        if (string.IsNullOrWhiteSpace(KeyId) || string.IsNullOrWhiteSpace(SecretKey))
        {
            yield return "AlpacaFeedOptions.KeyId and SecretKey are required (set them from configuration or the environment, never in code).";
        }

        if (Feed is not ("iex" or "sip" or "delayed_sip" or "test"))
        {
            yield return $"AlpacaFeedOptions.Feed '{Feed}' must be iex, sip, delayed_sip or test.";
        }
    }

    /// <summary>The settings with the key id and secret redacted.</summary>
    public override string ToString() =>
        $"AlpacaFeedOptions {{ WebSocketUrl = {WebSocketUrl}, RestUrl = {RestUrl}, Feed = {Feed}, KeyId = {Redact(KeyId)}, SecretKey = {Redact(SecretKey)}, ExtendedHours = {ExtendedHours} }}";

    private static string Redact(string value) => string.IsNullOrEmpty(value) ? "(not set)" : "***";
}
