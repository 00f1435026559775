using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PredictionSdk.Server.Api;

/// <summary>
/// Reads query parameters in the handlers instead of through framework binding, which answers an unparsable or
/// overflowing number with a bare 400 before the handler runs; here every way a parameter can be wrong gets
/// problem details naming it.
/// </summary>
internal static class QueryParameters
{
    /// <summary>The single value of <paramref name="name"/> (null when absent), or a problem when it is given more than once.</summary>
    public static IResult? Single(HttpRequest request, string name, out string? value)
    {
        var values = request.Query[name];
        value = values.Count == 0 ? null : values[0];
        return values.Count > 1
            ? ApiProblems.BadParameter(name, string.Join(",", values.ToArray()), $"{name} was given {values.Count} times; give it once.")
            : null;
    }

    /// <summary>An optional whole number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public static IResult? Integer(HttpRequest request, string name, int min, int max, int? fallback, out int? value)
    {
        value = fallback;
        if (Single(request, name, out string? text) is { } problem)
        {
            return problem;
        }

        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed) || parsed < min || parsed > max)
        {
            return ApiProblems.BadParameter(name, text, $"{name} must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        }

        value = parsed;
        return null;
    }

    /// <summary>Documents a query parameter the handler reads itself.</summary>
    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder endpoint, string name, JsonSchemaType type, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
            return Task.CompletedTask;
        });
}
