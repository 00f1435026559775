namespace PredictionSdk.Data.Csv;

/// <summary>Turns a file or stream into CSV bytes: gzip is recognised by its magic bytes and decompressed with a completeness check.</summary>
internal static class CsvSource
{
    /// <summary>
    /// Looks at the first two bytes of <paramref name="raw"/> without losing them (seeking back, or replaying them when
    /// the stream cannot seek, as with a pipe) and returns the stream to parse.
    /// </summary>
    /// <param name="raw">The file content.</param>
    /// <param name="reopen">Opens the source again from the start (files only); lets a multi-member gzip file be checked.</param>
    /// <param name="leaveOpen">True to leave <paramref name="raw"/> open when the returned stream is disposed.</param>
    public static Stream Open(Stream raw, Func<Stream>? reopen, bool leaveOpen)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = 0;
        int n;
        while (read < magic.Length && (n = raw.Read(magic[read..])) > 0)
        {
            read += n;
        }

        Stream stream;
        if (raw.CanSeek)
        {
            raw.Seek(-read, SeekOrigin.Current);
            stream = raw;
        }
        else
        {
            stream = new PrefixedStream(magic[..read].ToArray(), raw, leaveOpen);
            leaveOpen = false;
        }

        bool gzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return gzip ? new CheckedGZipStream(stream, reopen, leaveOpen) : stream;
    }

    /// <summary>A forward-only stream that yields a few bytes already read, then the rest of its source.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner, bool leaveOpen) : ForwardReadStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length && !buffer.IsEmpty)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _position < prefix.Length ? ValueTask.FromResult(Read(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
