namespace PredictionSdk.Server.Api;

/// <summary>RFC 7807 answers for the ways a request can be wrong.</summary>
internal static class ApiProblems
{
    public static IResult UnknownSymbol(string symbol) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown symbol",
        detail: $"'{symbol}' is not served here; GET /api/v1/symbols lists the symbols that are.",
        extensions: new Dictionary<string, object?> { ["symbol"] = symbol });

    public static IResult BadParameter(string name, string? value, string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: $"Invalid '{name}'", detail: detail,
        extensions: new Dictionary<string, object?> { ["parameter"] = name, ["value"] = value });

    public static IResult NotReady(string detail) => Results.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: detail);

    /// <summary>Parses an optional ISO-8601 date or date-time (UTC unless an offset is given).</summary>
    public static bool TryParseDate(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        return false;
    }
}
