using System.Net;

namespace PredictionSdk.Server.Tests;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task With_a_key_configured_the_api_needs_it_and_health_stays_open()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:ApiKey"] = "s3cret";
        using var client = factory.CreateClient();

        using var denied = await client.GetAsync(new Uri("/api/v1/symbols", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/symbols");
        wrong.Headers.Add("X-Api-Key", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/symbols");
        right.Headers.Add("X-Api-Key", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Rate_limit_answers_429_past_the_configured_rate()
    {
        using var factory = new ServerFactory();
        factory.Settings["Server:RequestsPerMinute"] = "3";
        using var client = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/symbols", UriKind.Relative));
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }
}
