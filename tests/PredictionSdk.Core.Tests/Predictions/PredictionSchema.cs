using System.Text.Json;
using Json.Schema;

namespace PredictionSdk.Tests;

/// <summary>
/// Checks JSON against <c>docs/prediction.schema.json</c> (copied next to the test assembly) and the invariants a
/// schema cannot state: the direction and change_percent are the sign and size of the price move, and the interval
/// holds the predicted price.
/// Shared by every test project that checks a writer of predictions.
/// </summary>
internal static class PredictionSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prediction.schema.json"))));

    /// <summary>Schema violations of <paramref name="instance"/>, each as "location: message"; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonElement instance)
    {
        var result = Schema.Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    /// <summary>Asserts that <paramref name="instance"/> follows the schema and is self-consistent.</summary>
    public static void AssertValid(JsonElement instance)
    {
        var errors = Errors(instance);
        Assert.True(errors.Count == 0, $"{string.Join("; ", errors)} in {instance.GetRawText()}");
        double current = instance.GetProperty("current_price").GetDouble();
        double predicted = instance.GetProperty("predicted_price").GetDouble();
        string expected = predicted > current ? "up" : predicted < current ? "down" : "flat";
        Assert.Equal(expected, instance.GetProperty("direction").GetString());

        // change_percent says the same move: its sign is the direction's, its size the price's.
        double change = instance.GetProperty("change_percent").GetDouble();
        Assert.Equal(Math.Sign(predicted - current), Math.Sign(change));
        Assert.Equal((predicted / current - 1.0) * 100.0, change, 1e-9);
        Assert.InRange(predicted, instance.GetProperty("lower").GetDouble(), instance.GetProperty("upper").GetDouble());
    }

    /// <summary>Parses <paramref name="json"/> and asserts it as <see cref="AssertValid(JsonElement)"/> does.</summary>
    public static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        AssertValid(document.RootElement);
    }
}
