using System.Net;
using PredictionSdk.Data.External;
using PredictionSdk.External;

namespace PredictionSdk.Data.Tests.External;

/// <summary>A polled endpoint is answered in process (no network); an answer over the size limit fails the poll.</summary>
public sealed class HttpPollingSeriesSourceTests
{
    private static readonly Uri Endpoint = new("http://series.invalid/eth");

    [Fact]
    public async Task An_answer_is_read_into_observations()
    {
        using var http = new HttpClient(new Answering(() => new StringContent("""[{"timestamp":"2024-01-01T00:01:00Z","value":2},{"timestamp":1704067200,"value":1}]""")));
        var source = new HttpPollingSeriesSource("eth_ret", http, Endpoint, TimeSpan.FromSeconds(1));

        var first = await source.ReadAsync().Take(2).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1.0, 2.0], first.Select(o => o.Value));
        Assert.Equal(0, source.Failures);
    }

    [Fact]
    public async Task An_answer_over_the_limit_fails_the_poll_without_being_read_further()
    {
        var huge = new HugeJson();
        using var http = new HttpClient(new Answering(() => new StreamContent(huge)));
        var source = new HttpPollingSeriesSource("eth_ret", http, Endpoint, TimeSpan.FromSeconds(30));
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.PollFailed += error => failed.TrySetResult(error);
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in source.ReadAsync(stop.Token))
            {
            }
        });

        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        var tooLong = Assert.IsType<ExternalSeriesException>(error);
        Assert.Contains($"{Endpoint} answered more than 16,777,216 bytes", tooLong.Message, StringComparison.Ordinal);
        Assert.InRange(huge.Served, HttpPollingSeriesSource.MaxResponseBytes, HttpPollingSeriesSource.MaxResponseBytes + (1 << 20));
        Assert.Equal(1, source.Failures);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_the_body_is_read()
    {
        var huge = new HugeJson();
        using var http = new HttpClient(new Answering(() =>
        {
            var content = new StreamContent(huge);
            content.Headers.ContentLength = HttpPollingSeriesSource.MaxResponseBytes + 1L;
            return content;
        }));
        var source = new HttpPollingSeriesSource("eth_ret", http, Endpoint, TimeSpan.FromSeconds(30));
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.PollFailed += error => failed.TrySetResult(error);
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in source.ReadAsync(stop.Token))
            {
            }
        });

        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        Assert.IsType<ExternalSeriesException>(error);
        Assert.Equal(0, huge.Served);
    }

    private sealed class Answering(Func<HttpContent> content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content(), RequestMessage = request });
    }

    /// <summary>A valid JSON array of four times the limit, handed out as it is read; counts the bytes handed out.</summary>
    private sealed class HugeJson : Stream
    {
        private static readonly byte[] Item = """{"timestamp":1704067200,"value":1},"""u8.ToArray();
        private static readonly byte[] Last = """{"timestamp":1704067200,"value":1}]"""u8.ToArray();
        private static readonly long Items = 4L * HttpPollingSeriesSource.MaxResponseBytes / Item.Length;
        private long _served;

        public long Served => Interlocked.Read(ref _served);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            long body = 1 + (Items * Item.Length);
            long at = Served;
            int n = (int)Math.Min(count, body + Last.Length - at);
            for (int i = 0; i < n; i++)
            {
                long position = at + i;
                buffer[offset + i] = position == 0 ? (byte)'['
                    : position < body ? Item[(int)((position - 1) % Item.Length)]
                    : Last[(int)(position - body)];
            }

            Interlocked.Add(ref _served, n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
