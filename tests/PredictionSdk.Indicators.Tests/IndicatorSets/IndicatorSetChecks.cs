namespace PredictionSdk.Indicators.Tests;

/// <summary>Checks every indicator set must pass, whatever indicators it holds.</summary>
internal static class IndicatorSetChecks
{
    /// <summary>
    /// Streams <paramref name="candles"/> through <paramref name="set"/>, previewing each bar first with a revised and
    /// then with its final values, and asserts every committed column equals the batch value, the final preview equals
    /// the commit bit for bit, and the indexer reads the committed value.
    /// </summary>
    public static void MatchesBatch(IndicatorSet set, IReadOnlyList<Candle> candles, Dictionary<string, double?[]> expected, double revision)
    {
        var committed = new double[set.ColumnCount];
        for (int i = 0; i < candles.Count; i++)
        {
            set.Preview(RandomCandles.Revise(candles[i], revision));
            double[] preview = set.Preview(candles[i]).ToArray();
            set.Add(candles[i]).CopyTo(committed);
            foreach ((string column, double?[] values) in expected)
            {
                int k = set.IndexOf(column);
                Assert.True(k >= 0, $"missing column {column}");
                Assert.True(Approx.Close(values[i], Approx.ToNullable(committed)[k]), $"{column} at bar {i}: batch {values[i]}, set {committed[k]}");
                Assert.True(committed[k].Equals(preview[k]), $"{column} preview at bar {i}: {preview[k]:R} vs {committed[k]:R}");
                Assert.Equal(committed[k], set[column]);
            }
        }
    }

    /// <summary>After a warm-up, <see cref="IndicatorSet.Add"/>, <see cref="IndicatorSet.Preview"/> and the indexer allocate nothing.</summary>
    public static void AddAndPreviewDoNotAllocate(IndicatorSet set, int seed, string column)
    {
        Candle[] candles = RandomCandles.Walk(seed, 3000);
        Candle[] open = candles.Select(c => RandomCandles.Revise(c, 1.001)).ToArray();
        for (int i = 0; i < 1000; i++)
        {
            set.Preview(open[i]);
            set.Add(candles[i]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (int i = 1000; i < candles.Length; i++)
        {
            sink += set.Preview(open[i])[0];
            sink += set.Add(candles[i])[0];
            sink += set[column];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(double.IsFinite(sink));
        Assert.Equal(0, allocated);
    }
}
