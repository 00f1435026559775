namespace PredictionSdk.Indicators.Tests;

/// <summary>
/// Checks every streaming indicator the same way: streaming equals batch, a preview (of a revised bar and
/// of the bar itself) leaves the state as it was, the preview of a bar equals its commit bit for bit, Reset replays.
/// </summary>
internal static class StreamingConformance
{
    public static void Check<T>(
        IReadOnlyList<Candle> candles,
        Func<IStreamingIndicator<T>> create,
        Func<IReadOnlyList<Candle>, IReadOnlyList<T>> batch,
        Func<T, double?[]> values,
        Func<T, DateTime> timestamp,
        double tolerance = Approx.Tolerance)
    {
        IReadOnlyList<T> expected = batch(candles);
        Assert.Equal(candles.Count, expected.Count);

        IStreamingIndicator<T> plain = create();
        IStreamingIndicator<T> previewed = create();
        var committed = new T[candles.Count];
        for (int i = 0; i < candles.Count; i++)
        {
            Candle candle = candles[i];
            T added = plain.Add(candle);
            committed[i] = added;
            Assert.Equal(candle.Timestamp, timestamp(added));
            Assert.Equal(i + 1, plain.Count);
            AssertClose(values(expected[i]), values(added), tolerance, $"streaming vs batch, bar {i}");

            previewed.Preview(RandomCandles.Revise(candle, 1.01));
            previewed.Preview(RandomCandles.Revise(candle, 0.97));
            T preview = previewed.Preview(candle);
            T addedAfterPreview = previewed.Add(candle);
            Assert.Equal(values(added), values(addedAfterPreview));
            Assert.True(values(addedAfterPreview).SequenceEqual(values(preview)), $"preview vs add differ at bar {i}: {string.Join(", ", values(preview))} vs {string.Join(", ", values(addedAfterPreview))}");
        }

        if (candles.Count > 0)
        {
            Assert.Equal(plain.IsReady, previewed.IsReady);
        }

        plain.Reset();
        Assert.Equal(0, plain.Count);
        Assert.False(plain.IsReady);
        for (int i = 0; i < candles.Count; i++)
        {
            Assert.Equal(values(committed[i]), values(plain.Add(candles[i])));
        }
    }

    /// <summary>IsReady turns true exactly at the first bar whose result has a value in column <paramref name="column"/>.</summary>
    public static void ReadyAtFirstValue<T>(IReadOnlyList<Candle> candles, IStreamingIndicator<T> indicator, Func<T, double?> column)
    {
        foreach (Candle candle in candles)
        {
            T result = indicator.Add(candle);
            if (column(result) is not null)
            {
                Assert.True(indicator.IsReady, $"value at bar {indicator.Count - 1} but not ready");
                return;
            }

            Assert.False(indicator.IsReady, $"ready at bar {indicator.Count - 1} without a value");
        }
    }

    private static void AssertClose(double?[] expected, double?[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Approx.Close(expected[k], actual[k], tolerance), $"{what}, column {k}: expected {expected[k]}, got {actual[k]}");
        }
    }
}
