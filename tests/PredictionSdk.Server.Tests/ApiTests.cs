using System.Net;
using System.Text.Json;

namespace PredictionSdk.Server.Tests;

public sealed class ApiTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _factory;

    public ApiTests(ServerFactory factory) => _factory = factory;

    private async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> GetAsync(string path)
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, doc.RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Symbols_lists_the_configured_symbols_in_snake_case()
    {
        var (status, body, _) = await GetAsync("/api/v1/symbols");
        Assert.Equal(HttpStatusCode.OK, status);
        var first = body.GetProperty("symbols")[0];
        Assert.Equal("BTC-USDT", first.GetProperty("symbol").GetString());
        Assert.Equal("crypto", first.GetProperty("asset_class").GetString());
    }

    [Theory]
    [InlineData("1m", 60)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    public async Task Candles_come_from_stored_history_with_indicators_at_the_asked_interval(string interval, int seconds)
    {
        var (status, body, _) = await GetAsync($"/api/v1/candles/btcusdt?interval={interval}&limit=5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(interval, body.GetProperty("interval").GetString());
        var candles = body.GetProperty("candles").EnumerateArray().ToArray();
        Assert.Equal(5, candles.Length);
        var times = candles.Select(c => c.GetProperty("timestamp").GetDateTime()).ToArray();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(seconds, (pair.Second - pair.First).TotalSeconds));
        Assert.All(candles, c =>
        {
            Assert.True(c.GetProperty("high").GetDouble() >= c.GetProperty("low").GetDouble());
            var rsi = c.GetProperty("indicators").GetProperty("rsi14");
            if (interval == "1m" || rsi.ValueKind != JsonValueKind.Null)
            {
                Assert.InRange(rsi.GetDouble(), 0, 100); // 1m has history past the warm-up; coarser bars may not yet
            }
        });
    }

    [Theory]
    [InlineData("/api/v1/candles/BTC-USDT?limit=0", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?limit=999999", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?interval=7m", "interval")]
    [InlineData("/api/v1/history/BTC-USDT?start_date=yesterday", "start_date")]
    [InlineData("/api/v1/history/BTC-USDT?end_date=2024-13-45", "end_date")]
    [InlineData("/api/v1/history/BTC-USDT?start_date=2024-01-05&end_date=2024-01-04", "end_date")]
    [InlineData("/api/v1/history/BTC-USDT?limit=-3", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?limit=abc", "limit")]
    [InlineData("/api/v1/history/BTC-USDT?limit=abc", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?limit=99999999999999", "limit")]
    [InlineData("/api/v1/history/BTC-USDT?limit=99999999999999", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?limit=5&limit=6", "limit")]
    [InlineData("/api/v1/history/BTC-USDT?limit=5&limit=6", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?limit=2.5", "limit")]
    [InlineData("/api/v1/candles/BTC-USDT?interval=1m&interval=5m", "interval")]
    [InlineData("/api/v1/history/BTC-USDT?start_date=2024-01-01&start_date=2024-01-02", "start_date")]
    [InlineData("/api/v1/predict/BTC-USDT?horizon=abc", "horizon")]
    [InlineData("/api/v1/predict/BTC-USDT?horizon=99999999999999", "horizon")]
    [InlineData("/api/v1/predict/BTC-USDT?horizon=1&horizon=5", "horizon")]
    public async Task Bad_parameters_get_problem_details_naming_the_parameter(string path, string parameter)
    {
        var (status, body, contentType) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/predict/DOGE-XYZ")]
    [InlineData("/api/v1/candles/NOPE")]
    [InlineData("/api/v1/history/ETH-EUR")]
    public async Task Unknown_symbols_get_404_problem_details(string path)
    {
        var (status, body, contentType) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("Unknown symbol", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Predict_without_a_model_is_503_not_500()
    {
        var (status, body, _) = await GetAsync("/api/v1/predict/BTC-USDT");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("No model", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_of_a_symbol_without_predictions_is_an_empty_list()
    {
        var (status, body, _) = await GetAsync("/api/v1/history/BTC-USDT?limit=10");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task OpenApi_document_and_health_are_served()
    {
        var (status, body, _) = await GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("paths").TryGetProperty("/api/v1/predict/{symbol}", out _));
        var candleParameters = body.GetProperty("paths").GetProperty("/api/v1/candles/{symbol}").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
        Assert.Equal("integer", candleParameters["limit"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("query", candleParameters["limit"].GetProperty("in").GetString());
        Assert.Equal("path", candleParameters["symbol"].GetProperty("in").GetString());
        using var client = _factory.CreateClient();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Dashboard_page_is_served()
    {
        using var client = _factory.CreateClient();
        string html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("app.js", html, StringComparison.Ordinal);
    }
}
