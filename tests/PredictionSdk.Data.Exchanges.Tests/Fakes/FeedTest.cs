using PredictionSdk.Data.Exchanges;

namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>Shared helpers of the feed fault suites.</summary>
public static class FeedTest
{
    public static readonly Symbol Btc = Symbol.Parse("BTC-USDT");
    public static readonly Symbol Eth = Symbol.Parse("ETH-USDT");

    /// <summary>Short backoffs and timeouts so that each fault test takes well under a few seconds.</summary>
    public static T Fast<T>(T options, Uri http, Uri ws)
        where T : ExchangeFeedOptions
    {
        options.WebSocketUrl = ws.ToString().TrimEnd('/');
        options.RestUrl = http.ToString();
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        options.ConnectTimeout = TimeSpan.FromSeconds(3);
        options.IdleTimeout = TimeSpan.FromSeconds(5);
        options.RestRetryDelay = TimeSpan.FromMilliseconds(10);
        options.MaxRetryAfter = TimeSpan.FromMilliseconds(100);
        options.RestRetryCount = 5;
        options.CircuitBreakerMinimumThroughput = 1000;
        options.RestRequestsPerSecond = 1000;
        return options;
    }

    /// <summary>Streams until <paramref name="done"/> holds or <paramref name="timeout"/> passes; returns every update seen.</summary>
    public static async Task<List<CandleUpdate>> CollectAsync(ICandleSource source, IReadOnlyList<Symbol> symbols, Func<List<CandleUpdate>, bool> done, TimeSpan? timeout = null)
    {
        var updates = new List<CandleUpdate>();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            await foreach (var update in source.StreamAsync(symbols, Interval.OneMinute, cts.Token))
            {
                updates.Add(update);
                if (done(updates))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }

        return updates;
    }

    /// <summary>Done once every symbol has its final for the bar at <paramref name="lastIndex"/>.</summary>
    public static Func<List<CandleUpdate>, bool> FinalsThrough(CandleTape tape, int lastIndex)
    {
        DateTime last = tape.Start.AddMinutes(lastIndex);
        return updates => tape.Symbols.All(s => updates.Any(u => u.IsFinal && u.Symbol == s && u.Candle.Timestamp == last));
    }

    /// <summary>Asserts that the final bars of each symbol are exactly tape bars [0, lastIndex], in order: no hole, no duplicate.</summary>
    /// <remarks>
    /// With <paramref name="fromFirstSeen"/>, the comparison starts at the first final the client saw (a connection closed
    /// before reading anything has no earlier bar to backfill from; warm-up history is the pipeline's job).
    /// </remarks>
    public static void AssertFinalsMatchTape(List<CandleUpdate> updates, CandleTape tape, int lastIndex, Func<Symbol, int, Candle, Candle>? expected = null, bool fromFirstSeen = false)
    {
        DateTime last = tape.Start.AddMinutes(lastIndex);
        foreach (var symbol in tape.Symbols)
        {
            var finals = updates.Where(u => u.IsFinal && u.Symbol == symbol && u.Candle.Timestamp <= last).Select(u => u.Candle).ToList();
            int first = fromFirstSeen && finals.Count > 0 ? tape.IndexOf(finals[0].Timestamp) : 0;
            var want = tape.Bars[symbol].Take(lastIndex + 1).Select((c, i) => expected?.Invoke(symbol, i, c) ?? c).Skip(first).ToList();
            Assert.Equal(want.Select(c => c.Timestamp), finals.Select(c => c.Timestamp));
            for (int i = 0; i < want.Count; i++)
            {
                bool fromRest = tape.RestBarsLackOrderFlow && double.IsNaN(finals[i].QuoteVolume) && double.IsNaN(finals[i].TradeCount)
                    && double.IsNaN(finals[i].TakerBuyVolume) && double.IsNaN(finals[i].TakerBuyQuoteVolume);
                AssertSame(fromRest ? CandleTape.WithoutOrderFlow(want[i]) : want[i], finals[i]);
            }
        }
    }

    public static void AssertSame(Candle want, Candle got)
    {
        Assert.Equal(want.Timestamp, got.Timestamp);
        Assert.Equal(want.Open, got.Open, 6);
        Assert.Equal(want.High, got.High, 6);
        Assert.Equal(want.Low, got.Low, 6);
        Assert.Equal(want.Close, got.Close, 6);
        Assert.Equal(want.Volume, got.Volume, 6);
        AssertSameOrderFlow(want.QuoteVolume, got.QuoteVolume, "quote volume");
        AssertSameOrderFlow(want.TradeCount, got.TradeCount, "trade count");
        AssertSameOrderFlow(want.TakerBuyVolume, got.TakerBuyVolume, "taker-buy volume");
        AssertSameOrderFlow(want.TakerBuyQuoteVolume, got.TakerBuyQuoteVolume, "taker-buy quote volume");
    }

    // Reported on one side only is a failure; both reported must agree to 6 decimals.
    private static void AssertSameOrderFlow(double want, double got, string field)
    {
        Assert.True(double.IsNaN(want) == double.IsNaN(got), $"{field}: expected {want}, got {got}");
        if (!double.IsNaN(want))
        {
            Assert.Equal(want, got, 6);
        }
    }

    /// <summary>Open-bar updates of a symbol never go back in time and never follow the final of their bar.</summary>
    public static void AssertOrdered(List<CandleUpdate> updates)
    {
        foreach (var group in updates.GroupBy(u => u.Symbol))
        {
            DateTime? lastFinal = null;
            DateTime previous = DateTime.MinValue;
            foreach (var u in group)
            {
                Assert.True(u.Candle.Timestamp >= previous, $"{u.Symbol}: update for {u.Candle.Timestamp:o} after one for {previous:o}");
                previous = u.Candle.Timestamp;
                if (lastFinal is { } f)
                {
                    Assert.True(u.Candle.Timestamp > f, $"{u.Symbol}: update for {u.Candle.Timestamp:o} after the final of {f:o}");
                }

                if (u.IsFinal)
                {
                    lastFinal = u.Candle.Timestamp;
                }
            }
        }
    }
}
