using System.Runtime.CompilerServices;

namespace PredictionSdk.Cluster;

/// <summary>
/// A feed where every symbol's bar closes at once, on a wall-clock schedule shared by every process of the benchmark:
/// boundary k (bar <see cref="WarmUpBars"/> + k) closes at <c>t0 + k × period</c>. The client knows the schedule, so
/// the time from a close to its prediction is measured across processes. Prices follow one real series for every symbol.
/// </summary>
internal sealed class BoundaryCandleSource(IReadOnlyList<Candle> path, DateTime t0, TimeSpan period) : ICandleSource
{
    /// <summary>Bars before the first boundary, served as history for warm-up.</summary>
    public const int WarmUpBars = 1000;

    public string Name => "boundary";

    /// <summary>Open time of the bar boundary <paramref name="k"/> closes.</summary>
    public DateTime BarOf(long k) => Base.AddMinutes(WarmUpBars + k);

    /// <summary>Boundary whose close produced a prediction for the bar opened at <paramref name="bar"/>.</summary>
    public long BoundaryOf(DateTime bar) => (long)(bar - Base).TotalMinutes - WarmUpBars;

    /// <summary>When boundary <paramref name="k"/> closes.</summary>
    public DateTime DueAt(long k) => t0 + (period * k);

    private DateTime Base => path[0].Timestamp;

    public async IAsyncEnumerable<CandleUpdate> StreamAsync(IReadOnlyList<Symbol> symbols, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A late subscriber starts at the next boundary, as a live feed would.
        long k = Math.Max(0, (long)Math.Ceiling((DateTime.UtcNow - t0) / period));
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = DueAt(k) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var candle = Bar(WarmUpBars + k);
            foreach (var symbol in symbols)
            {
                yield return new CandleUpdate(symbol, interval, candle, IsFinal: true, Name);
            }

            k++;
        }
    }

    public Task<IReadOnlyList<Candle>> GetHistoryAsync(Symbol symbol, Interval interval, DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        long first = Math.Max(0, (long)Math.Ceiling((from - Base).TotalMinutes));
        long end = (long)Math.Ceiling((to - Base).TotalMinutes);
        IReadOnlyList<Candle> bars = [.. Enumerable.Range(0, (int)Math.Max(0, end - first)).Select(i => Bar(first + i))];
        return Task.FromResult(bars);
    }

    // The series repeats when the benchmark outlasts it; timestamps keep counting minutes.
    private Candle Bar(long index) => path[(int)(index % path.Count)] with { Timestamp = Base.AddMinutes(index) };
}
