using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace PredictionSdk.Data.Csv;

/// <summary>
/// Decompresses gzip and proves that the data is complete. zlib checks a member's CRC-32 and length only when it
/// reaches the member's trailer, and <see cref="GZipStream"/> reports input that stops before the trailer as a
/// normal end — a truncated download or a copy cut short would otherwise read as a shorter, valid file. At the
/// end this stream compares the file's last eight bytes (the final trailer) with the CRC-32 and length of what it
/// decompressed and throws <see cref="InvalidDataException"/> when they differ.
/// </summary>
/// <remarks>
/// For a file of several concatenated gzip members the final trailer covers only the last member; when the whole
/// data does not match it, <paramref name="reopen"/> (if given) reads the source again to check the last member.
/// </remarks>
internal sealed class CheckedGZipStream(Stream compressed, Func<Stream>? reopen = null, bool leaveOpen = false) : ForwardReadStream
{
    private const int TrailerLength = 8;
    private const int MinimumMemberLength = 18;

    private readonly TailTrackingStream _source = new(compressed);
    private readonly Crc32 _crc = new();
    private GZipStream? _gzip;
    private long _length;
    private bool _ended;

    private GZipStream Gzip => _gzip ??= new GZipStream(_source, CompressionMode.Decompress, leaveOpen: true);

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = Gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupted(ex);
        }

        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
            return read;
        }

        _source.Drain();
        Verify();
        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = await Gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupted(ex);
        }

        if (read > 0)
        {
            _crc.Append(buffer.Span[..read]);
            _length += read;
            return read;
        }

        await _source.DrainAsync(cancellationToken).ConfigureAwait(false);
        Verify();
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip?.Dispose();
            if (!leaveOpen)
            {
                compressed.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static InvalidDataException Corrupted(InvalidDataException inner) =>
        new("the gzip data is corrupted (a compressed block or a member's CRC-32/length check failed)", inner);

    private void Verify()
    {
        if (_source.Total < MinimumMemberLength)
        {
            throw new InvalidDataException("the gzip data is truncated: it is shorter than a gzip header and trailer");
        }

        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(_source.Tail);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(_source.Tail[4..]);
        bool whole = size == unchecked((uint)_length) && crc == _crc.GetCurrentHashAsUInt32();
        if (!whole && !(size < _length && LastMemberMatches(_length - size, size, crc)))
        {
            throw new InvalidDataException("the gzip data is truncated or corrupted: it does not end with a trailer matching its CRC-32 and length");
        }

        _ended = true;
    }

    // Several members: the last one holds the final `size` bytes; read the source again and check them alone.
    private bool LastMemberMatches(long skip, uint size, uint expectedCrc)
    {
        if (reopen is null)
        {
            return false;
        }

        using var again = new GZipStream(reopen(), CompressionMode.Decompress);
        var crc = new Crc32();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long position = 0, counted = 0;
            int read;
            while ((read = again.Read(buffer)) > 0)
            {
                int from = (int)Math.Clamp(skip - position, 0, read);
                crc.Append(buffer.AsSpan(from, read - from));
                counted += read - from;
                position += read;
            }

            return position == _length && counted == size && crc.GetCurrentHashAsUInt32() == expectedCrc;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Passes reads through, remembering how many bytes went by and the last eight of them.</summary>
    private sealed class TailTrackingStream(Stream inner) : ForwardReadStream
    {
        private readonly byte[] _tail = new byte[TrailerLength];
        private readonly byte[] _ordered = new byte[TrailerLength];

        public long Total { get; private set; }

        /// <summary>The last eight bytes read, oldest first.</summary>
        public ReadOnlySpan<byte> Tail
        {
            get
            {
                int start = (int)(Total % TrailerLength);
                _tail.AsSpan(start).CopyTo(_ordered);
                _tail.AsSpan(0, start).CopyTo(_ordered.AsSpan(TrailerLength - start));
                return _ordered;
            }
        }

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            Remember(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Remember(buffer.Span[..read]);
            return read;
        }

        /// <summary>Reads what the decompressor left unread (bytes after the last member), so the tail is the file's end.</summary>
        public void Drain()
        {
            Span<byte> scratch = stackalloc byte[512];
            while (Read(scratch) > 0)
            {
            }
        }

        public async ValueTask DrainAsync(CancellationToken cancellationToken)
        {
            byte[] scratch = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (await ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        private void Remember(ReadOnlySpan<byte> bytes)
        {
            ReadOnlySpan<byte> last = bytes.Length > TrailerLength ? bytes[^TrailerLength..] : bytes;
            long position = Total + bytes.Length - last.Length;
            foreach (byte b in last)
            {
                _tail[position++ % TrailerLength] = b;
            }

            Total += bytes.Length;
        }
    }
}
