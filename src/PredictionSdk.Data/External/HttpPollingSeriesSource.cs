using System.Runtime.CompilerServices;
using System.Text.Json;
using PredictionSdk.External;

namespace PredictionSdk.Data.External;

/// <summary>
/// Polls an HTTP endpoint for an external series. The endpoint answers a JSON array of
/// <c>{"timestamp": ISO-8601 or Unix, "value": number}</c> objects (any order, may repeat earlier values); each poll
/// yields only observations newer than the last one yielded. A failed poll (network error, non-success status,
/// malformed body) is logged by the caller through <see cref="PollFailed"/>, counted, and retried at the next poll:
/// the series then simply ages, which the feature pipeline's staleness rule handles. An answer longer than
/// <see cref="MaxResponseBytes"/> is such a failure: it is not read past the limit.
/// </summary>
public sealed class HttpPollingSeriesSource : IExternalSeriesSource
{
    /// <summary>Largest answer read from the endpoint (16 MiB): an endless or huge body fails the poll instead of filling memory.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly TimeSpan _interval;
    private long _failures;

    /// <summary>Creates the source.</summary>
    /// <param name="name">Name of the series.</param>
    /// <param name="http">The client (from <c>IHttpClientFactory</c> in a host).</param>
    /// <param name="uri">The endpoint.</param>
    /// <param name="interval">Time between polls (at least 100 ms).</param>
    public HttpPollingSeriesSource(string name, HttpClient http, Uri uri, TimeSpan interval)
    {
        ExternalSeries.CheckName(name);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(100));
        (Name, _http, _uri, _interval) = (name, http, uri, interval);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Polls that failed so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Raised for each failed poll, with its cause.</summary>
    public event Action<Exception>? PollFailed;

    /// <inheritdoc />
    public async IAsyncEnumerable<ExternalObservation> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DateTime last = DateTime.MinValue;
        using var timer = new PeriodicTimer(_interval);
        do
        {
            IReadOnlyList<ExternalObservation> batch;
            try
            {
                batch = await PollAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or ExternalSeriesException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                PollFailed?.Invoke(ex);
                continue;
            }

            foreach (var observation in batch.Where(o => o.Timestamp > last).OrderBy(o => o.Timestamp))
            {
                last = observation.Timestamp;
                yield return observation;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<IReadOnlyList<ExternalObservation>> PollAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw TooLong();
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var bodyScope = body.ConfigureAwait(false);
        byte[] buffer = await ReadBoundedAsync(body, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(buffer);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new ExternalSeriesException(Name, $"{_uri} answered a JSON {document.RootElement.ValueKind}, expected an array of {{timestamp, value}}.");
        }

        var result = new List<ExternalObservation>();
        int index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("timestamp", out var t) || !item.TryGetProperty("value", out var v)
                || !v.TryGetDouble(out double value) || !double.IsFinite(value)
                || !ExternalSeriesFile.TryParseTime(t.ValueKind == JsonValueKind.Number ? t.GetRawText() : t.GetString() ?? string.Empty, out var time))
            {
                throw new ExternalSeriesException(Name, $"{_uri} item {index}: expected {{\"timestamp\": time, \"value\": finite number}}; got {item.GetRawText()}.");
            }

            result.Add(new ExternalObservation(time, value));
            index++;
        }

        return result;
    }

    // Reads the whole answer, failing as soon as it passes the limit; the buffer grows with the bytes that arrive.
    private async Task<byte[]> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxResponseBytes)
            {
                throw TooLong();
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    private ExternalSeriesException TooLong() =>
        new(Name, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_uri} answered more than {MaxResponseBytes:N0} bytes; the answer is not read further."));
}
