using System.Runtime.CompilerServices;
using System.ServiceModel.Syndication;
using System.Xml;
using PredictionSdk.External;

namespace PredictionSdk.Data.Sentiment;

/// <summary>
/// News sentiment as an external series: reads an RSS 2.0 or Atom 1.0 feed (a URL, polled, or a local file), scores
/// each item's title and summary with an <see cref="ISentimentScorer"/>, and emits one observation per minute that had
/// items: their mean score, stamped at the END of that minute (an item published at 12:03:20 counts in the value stamped
/// 12:04:00), so a bar closing at 12:04 may see it and a bar closing at 12:03 never does. Items without a publication
/// time are skipped and counted; so are items arriving for a minute already emitted (history is never rewritten).
/// </summary>
public sealed class RssSentimentSource : IExternalSeriesSource
{
    private readonly Func<CancellationToken, Task<Stream>> _open;
    private readonly ISentimentScorer _scorer;
    private readonly TimeSpan? _pollEvery;
    private readonly string _origin;
    private long _skipped;

    private RssSentimentSource(string name, string origin, Func<CancellationToken, Task<Stream>> open, ISentimentScorer? scorer, TimeSpan? pollEvery)
    {
        ExternalSeries.CheckName(name);
        (Name, _origin, _open, _scorer, _pollEvery) = (name, origin, open, scorer ?? new LexiconSentimentScorer(), pollEvery);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Items skipped: no publication time, or late for a minute already emitted.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>A source over a local feed file, read once (training, replay, offline samples).</summary>
    public static RssSentimentSource FromFile(string name, string path, ISentimentScorer? scorer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new RssSentimentSource(name, path, _ => Task.FromResult<Stream>(File.OpenRead(path)), scorer, null);
    }

    /// <summary>A source polling a feed URL every <paramref name="pollEvery"/> (at least one second).</summary>
    public static RssSentimentSource FromUrl(string name, HttpClient http, Uri url, TimeSpan pollEvery, ISentimentScorer? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfLessThan(pollEvery, TimeSpan.FromSeconds(1));
        return new RssSentimentSource(name, url.ToString(), ct => http.GetStreamAsync(url, ct), scorer, pollEvery);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ExternalObservation> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DateTime lastEmitted = DateTime.MinValue;
        using var timer = _pollEvery is { } every ? new PeriodicTimer(every) : null;
        do
        {
            IReadOnlyList<ExternalObservation> minutes;
            var stream = await _open(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                minutes = Aggregate(Load(stream), ref lastEmitted);
            }

            foreach (var minute in minutes)
            {
                yield return minute;
            }
        }
        while (timer is not null && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Scores the items of one feed document, by the end of the minute each was published in.</summary>
    private IEnumerable<(DateTime MinuteEnd, double Score)> Load(Stream stream)
    {
        SyndicationFeed feed;
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64L << 20 });
            feed = SyndicationFeed.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException)
        {
            throw new ExternalSeriesException(Name, $"{_origin} is not a readable RSS or Atom feed: {ex.Message}", ex);
        }

        var scored = new List<(DateTime, double)>();
        foreach (var item in feed.Items)
        {
            var published = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime;
            if (published == default)
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            var utc = published.UtcDateTime;
            var minuteEnd = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);
            string text = $"{item.Title?.Text} {item.Summary?.Text}";
            scored.Add((minuteEnd, Math.Clamp(_scorer.Score(text), -1, 1)));
        }

        return scored;
    }

    private List<ExternalObservation> Aggregate(IEnumerable<(DateTime MinuteEnd, double Score)> scored, ref DateTime lastEmitted)
    {
        var result = new List<ExternalObservation>();
        foreach (var group in scored.GroupBy(s => s.MinuteEnd).OrderBy(g => g.Key))
        {
            if (group.Key <= lastEmitted)
            {
                Interlocked.Add(ref _skipped, group.Count());
                continue;
            }

            result.Add(new ExternalObservation(group.Key, group.Average(s => s.Score)));
        }

        if (result.Count > 0)
        {
            lastEmitted = result[^1].Timestamp;
        }

        return result;
    }
}
