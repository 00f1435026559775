using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PredictionSdk.Streaming;

/// <summary>Readers of one kind of item, each with its own bounded channel, so one slow reader only loses its own items.</summary>
internal sealed class SubscriberList<T>
{
    private readonly StageOptions _options;
    private readonly Action _onDrop;
    private readonly Lock _gate = new();
    private Channel<T>[] _channels = [];
    private bool _completed;

    public SubscriberList(StageOptions options, Action onDrop)
    {
        _options = options;
        _onDrop = onDrop;
    }

    /// <summary>True while anyone reads; producers skip building items nobody wants.</summary>
    public bool HasSubscribers => Volatile.Read(ref _channels).Length > 0;

    /// <summary>Registers a reader now (so nothing published after this call is missed) and returns its items.</summary>
    public IAsyncEnumerable<T> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(_options.Capacity)
            {
                FullMode = _options.FullMode == StreamFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleWriter = true,
                SingleReader = true,
            },
            _ => _onDrop());
        lock (_gate)
        {
            if (_completed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _channels = [.. _channels, channel];
            }
        }

        return ReadAsync(channel, cancellationToken);
    }

    /// <summary>Hands <paramref name="item"/> to every reader, waiting on full ones in Wait mode.</summary>
    public async ValueTask PublishAsync(T item, CancellationToken cancellationToken)
    {
        foreach (var channel in Volatile.Read(ref _channels))
        {
            if (!channel.Writer.TryWrite(item))
            {
                try
                {
                    await channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    // The reader left while we waited.
                }
            }
        }
    }

    /// <summary>Ends every reader's sequence once it has read what was published.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var channel in _channels)
            {
                channel.Writer.TryComplete();
            }

            _channels = [];
        }
    }

    private async IAsyncEnumerable<T> ReadAsync(Channel<T> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _channels = [.. _channels.Where(c => c != channel)];
            }

            channel.Writer.TryComplete();
        }
    }
}
