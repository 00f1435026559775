using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PredictionSdk.Data;

namespace PredictionSdk.Server.Tests;

/// <summary>The series store is shared by the process, and every test here fills its series 'eth_ret': one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExternalSeriesCollection
{
    public const string Name = "external series eth_ret";
}

/// <summary>
/// A model trained with an external series serves through the server once the series is configured; a missing,
/// malformed or stale series is named by <c>/ready</c>. The test bundle was made with
/// <c>psdk train --input (first 3 days of BTCUSDT-1m-2024-01) --symbol BTC-USDT --horizon 1,5 --epochs 1 --external eth_ret=eth_ret.csv,lag=1m,max-age=5m</c>,
/// where eth_ret.csv holds each ETHUSDT bar's log return stamped at its open time (written by <see cref="WriteEthReturnsAsync"/>).
/// </summary>
[Collection(ExternalSeriesCollection.Name)]
public sealed class ExternalSeriesServerTests : IDisposable
{
    private static readonly string Model = Path.Combine(AppContext.BaseDirectory, "TestData", "btc-ethret-hybrid.psdk");
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-server-ext-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> WriteEthReturnsAsync(DateTime? until = null)
    {
        var bars = await CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", "ETHUSDT-1m-2024-01.csv.gz"));
        string path = Path.Combine(_dir, "eth_ret.csv");
        await File.WriteAllLinesAsync(path, ["timestamp,value", .. bars.Where(b => until is null || b.Timestamp < until)
            .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Timestamp:yyyy-MM-ddTHH:mm:ssZ},{Math.Log(b.Close / b.Open):R}"))]);
        return path;
    }

    private static ServerFactory Server(string? seriesFile)
    {
        var factory = new ServerFactory();
        factory.Settings["PredictionSdk:Stream:ModelPath"] = Model;
        if (seriesFile is not null)
        {
            factory.Settings["PredictionSdk:ExternalSeries:eth_ret:File"] = seriesFile;
        }

        return factory;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PollAsync(HttpClient client, string path, Func<HttpStatusCode, JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (done(response.StatusCode, doc.RootElement) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, doc.RootElement.Clone());
            }

            await Task.Delay(100);
        }
    }

    private static string Description(JsonElement ready) => ready.GetProperty("description").GetString() ?? string.Empty;

    [Fact]
    public async Task A_model_reading_a_configured_series_predicts_and_reports_its_age()
    {
        using var factory = Server(await WriteEthReturnsAsync());
        using var client = factory.CreateClient();

        var (status, prediction) = await PollAsync(client, "/api/v1/predict/BTC-USDT?horizon=1", (s, _) => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("BTC-USDT", prediction.GetProperty("symbol").GetString());

        var (ready, body) = await PollAsync(client, "/ready", (s, _) => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Contains("External series: eth_ret latest public value", Description(body), StringComparison.Ordinal);

        var (_, external) = await PollAsync(client, "/api/v1/external", (_, _) => true);
        var series = Assert.Single(external.GetProperty("series").EnumerateArray());
        Assert.Equal("eth_ret", series.GetProperty("name").GetString());
        Assert.Equal("eth_ret.csv", series.GetProperty("source").GetString());
        Assert.True(series.GetProperty("read_by_model").GetBoolean());
        Assert.Equal("00:01:00", series.GetProperty("publication_lag").GetString());
        Assert.Equal("00:05:00", series.GetProperty("max_age").GetString());
        Assert.Equal(20_160, series.GetProperty("observations").GetInt32());
        Assert.False(series.GetProperty("stale").GetBoolean());
        // Every ETH minute is in the file, so at each bar the newest public value is that bar's own.
        Assert.InRange(series.GetProperty("age_minutes").GetDouble(), 0, 5);
        Assert.Equal(JsonValueKind.Null, series.GetProperty("error").ValueKind);

        var ages = new List<(string Series, double Minutes)>();
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "psdk.server.external.age")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => ages.Add((tags.ToArray().Single(t => t.Key == "series").Value!.ToString()!, value)));
        listener.Start();
        listener.RecordObservableInstruments();
        var (name, minutes) = Assert.Single(ages);
        Assert.Equal("eth_ret", name);
        Assert.InRange(minutes, 0, 5);
    }

    [Fact]
    public async Task Ready_names_a_series_the_model_reads_that_is_not_configured()
    {
        using var factory = Server(seriesFile: null);
        using var client = factory.CreateClient();

        var (status, body) = await PollAsync(client, "/ready", (_, b) => Description(b).Contains("eth_ret", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("external series 'eth_ret': the model reads this series; configure PredictionSdk:ExternalSeries:eth_ret:File or :Url", Description(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_that_ends_makes_the_model_stop_and_ready_say_it_is_stale()
    {
        // The replay starts at 08:20 (500 history bars); the series ends at 09:00, so from 09:06 its value is too old.
        using var factory = Server(await WriteEthReturnsAsync(until: new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Utc)));
        using var client = factory.CreateClient();

        var (status, body) = await PollAsync(client, "/ready", (_, b) => Description(b).Contains("stale", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("external series 'eth_ret' is stale: latest public value", Description(body), StringComparison.Ordinal);
        Assert.Contains("max 5 min", Description(body), StringComparison.Ordinal);

        var (_, external) = await PollAsync(client, "/api/v1/external", (_, _) => true);
        var series = external.GetProperty("series")[0];
        Assert.True(series.GetProperty("stale").GetBoolean());
        Assert.True(series.GetProperty("age_minutes").GetDouble() > 5);
        Assert.Equal(new DateTime(2024, 1, 1, 8, 59, 0, DateTimeKind.Utc), series.GetProperty("latest").GetDateTime());

        // No prediction is made for a bar whose series is stale: the newest prediction is from before 09:06.
        var (_, prediction) = await PollAsync(client, "/api/v1/predict/BTC-USDT?horizon=1", (_, _) => true);
        if (prediction.TryGetProperty("timestamp", out var time))
        {
            Assert.True(time.GetDateTime() < new DateTime(2024, 1, 1, 9, 6, 0, DateTimeKind.Utc), time.ToString());
        }
    }

    [Fact]
    public async Task A_bad_row_in_a_series_file_is_named_by_ready()
    {
        string path = Path.Combine(_dir, "eth_ret.csv");
        await File.WriteAllLinesAsync(path, ["timestamp,value", "2024-01-01T00:00:00Z,0.001", "2024-01-01T00:01:00Z,n/a"]);
        using var factory = Server(path);
        using var client = factory.CreateClient();

        var (status, body) = await PollAsync(client, "/ready", (_, b) => Description(b).Contains("line 3", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains($"external series 'eth_ret': {path} line 3, field 'value': 'n/a' is not a finite number", Description(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_polled_series_serves_the_model_and_reports_when_it_stops_receiving()
    {
        // A loopback endpoint answering the first day of ETH returns, always the same: after the first poll nothing new arrives.
        var bars = await CandleFile.ReadAllAsync(Path.Combine(AppContext.BaseDirectory, "data", "ETHUSDT-1m-2024-01.csv.gz"));
        string json = JsonSerializer.Serialize(bars.Take(1440).Select(b => new { timestamp = b.Timestamp, value = Math.Log(b.Close / b.Open) }));
        var endpointBuilder = WebApplication.CreateSlimBuilder();
        endpointBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var endpoint = endpointBuilder.Build();
        endpoint.MapGet("/eth", () => Results.Text(json, "application/json"));
        await endpoint.StartAsync();
        string url = endpoint.Urls.First() + "/eth";

        using var factory = Server(seriesFile: null);
        factory.Settings["PredictionSdk:ExternalSeries:eth_ret:Url"] = url;
        factory.Settings["PredictionSdk:ExternalSeries:eth_ret:PollInterval"] = "00:00:00.200";
        factory.Settings["PredictionSdk:ExternalSeries:eth_ret:StaleAfter"] = "00:00:02";
        using var client = factory.CreateClient();

        var (status, _) = await PollAsync(client, "/api/v1/predict/BTC-USDT?horizon=1", (s, _) => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, external) = await PollAsync(client, "/api/v1/external", (_, b) => b.GetProperty("series")[0].GetProperty("receiving").ValueKind == JsonValueKind.False);
        var series = external.GetProperty("series")[0];
        Assert.Equal(url, series.GetProperty("source").GetString());
        Assert.Equal(1440, series.GetProperty("observations").GetInt32());
        Assert.False(series.GetProperty("receiving").GetBoolean());
        await endpoint.StopAsync();
    }

    [Fact]
    public void Settings_with_both_a_file_and_a_url_stop_the_server_naming_the_series()
    {
        using var factory = Server("eth_ret.csv");
        factory.Settings["PredictionSdk:ExternalSeries:eth_ret:Url"] = "http://127.0.0.1:9/eth";

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("PredictionSdk:ExternalSeries:eth_ret: set File or Url (one of them).", error.Message, StringComparison.Ordinal);
    }
}
