using System.Net;
using System.Text.Json;

namespace PredictionSdk.Server.Tests;

public sealed class ModelsEndpointTests
{
    [Fact]
    public async Task Models_are_described_by_name_and_version_without_file_paths()
    {
        using var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Stream:ModelPath"] = ServerFactory.TestModel;
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(text);
        var model = Assert.Single(body.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("tiny-hybrid", model.GetProperty("name").GetString());
        Assert.StartsWith("hybrid-", model.GetProperty("model_version").GetString(), StringComparison.Ordinal);
        Assert.Equal([1, 5], model.GetProperty("horizons").EnumerateArray().Select(h => h.GetInt32()));
        Assert.False(model.TryGetProperty("path", out _));

        // Nothing in the answer reveals where the server keeps its files.
        Assert.DoesNotContain(Path.GetDirectoryName(ServerFactory.TestModel)!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(".psdk", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), text, StringComparison.Ordinal);
    }
}
