namespace PredictionSdk.Data.Tests.Storage;

/// <summary>What every <see cref="IPredictionStore"/> must do, run against each implementation.</summary>
internal static class PredictionStoreContract
{
    private static readonly DateTime Start = new(2024, 1, 2, 10, 0, 0, DateTimeKind.Utc);

    public static Prediction Make(Symbol symbol, int minute, int horizon, double current, double predicted, Direction direction) => new()
    {
        Symbol = symbol,
        Timestamp = Start.AddMinutes(minute),
        TargetTime = Start.AddMinutes(minute + 1 + horizon),
        Horizon = horizon,
        Interval = Interval.OneMinute,
        CurrentPrice = current,
        PredictedPrice = predicted,
        Direction = direction,
        Confidence = 0.61,
        Lower = current - 5,
        Upper = current + 5,
        IntervalCoverage = 0.9,
        Indicators = new TechnicalIndicators(55.5, 1.25, null, 99.5),
        ModelVersion = "hybrid-test-1",
    };

    public static async Task RunAsync(IPredictionStore store)
    {
        var symbol = Symbol.Parse($"T{Guid.NewGuid():N}"[..8]);
        var first = Make(symbol, 0, 1, 100, 101, Direction.Up);
        var second = Make(symbol, 1, 1, 101, 100, Direction.Down);
        var longer = Make(symbol, 1, 5, 101, 103, Direction.Up);

        await store.SaveAsync(first);
        await store.SaveAsync(first); // idempotent
        await store.SaveAsync(second);
        await store.SaveAsync(longer);

        var all = await store.GetHistoryAsync(symbol, null, null, 100);
        Assert.Equal(3, all.Count);
        Assert.Equal(second.Timestamp, all[0].Prediction.Timestamp); // newest first
        Assert.All(all, r => Assert.Null(r.ActualPrice));
        var roundTripped = all.Single(r => r.Prediction.Timestamp == first.Timestamp);
        Assert.Equal(first, roundTripped.Prediction);

        // The bar that closes at first's target settles first only.
        Assert.Equal(1, await store.SettleAsync(symbol, first.TargetTime, 102.0));
        Assert.Equal(1, await store.SettleAsync(symbol, second.TargetTime, 102.0));
        var settled = await store.GetHistoryAsync(symbol, null, null, 100);
        var firstRecord = settled.Single(r => r.Prediction.Timestamp == first.Timestamp);
        Assert.Equal(102.0, firstRecord.ActualPrice);
        Assert.True(firstRecord.DirectionHit);
        Assert.True(firstRecord.WithinInterval);
        var secondRecord = settled.Single(r => r.Prediction.Timestamp == second.Timestamp && r.Prediction.Horizon == 1);
        Assert.False(secondRecord.DirectionHit);
        Assert.Null(settled.Single(r => r.Prediction.Horizon == 5).ActualPrice);

        var window = await store.GetHistoryAsync(symbol, first.Timestamp, second.Timestamp, 100);
        Assert.Equal(first.Timestamp, Assert.Single(window).Prediction.Timestamp);
        Assert.Single(await store.GetHistoryAsync(symbol, null, null, 1));
    }
}
