using PredictionSdk.Data.Storage.Postgres;
using PredictionSdk.Data.Storage.Sqlite;
using PredictionSdk.Tests;

namespace PredictionSdk.Data.Tests.Storage;

/// <summary>A prediction reloaded from a store is written exactly as before it was stored, in the prediction contract.</summary>
public sealed class StoredPredictionContractTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("psdk-contract-").FullName;

    private static async Task AssertRoundTripAsync(IPredictionStore store)
    {
        var symbol = Symbol.Parse($"T{Guid.NewGuid():N}"[..8]);
        var saved = PredictionStoreContract.Make(symbol, 7, 5, 100, 100.25, Direction.Up);
        var withoutIndicators = PredictionStoreContract.Make(symbol, 8, 5, 100.25, 100.1, Direction.Down) with { Indicators = null };
        await store.SaveAsync(saved);
        await store.SaveAsync(withoutIndicators);

        var history = await store.GetHistoryAsync(symbol, null, null, 10);
        Assert.Equal(2, history.Count);
        foreach (var original in new[] { saved, withoutIndicators })
        {
            var reloaded = history.Single(r => r.Prediction.Timestamp == original.Timestamp).Prediction;
            string json = PredictionJson.Serialize(reloaded);
            PredictionSchema.AssertValid(json);
            Assert.Equal(PredictionJson.Serialize(original), json);
        }
    }

    /// <summary>A preview and then the final prediction of the same bar: the store holds the final one, as published.</summary>
    private static async Task AssertPreviewSupersededAsync(IPredictionStore store)
    {
        var symbol = Symbol.Parse($"T{Guid.NewGuid():N}"[..8]);
        var final = PredictionStoreContract.Make(symbol, 7, 1, 100, 100.25, Direction.Up);
        var preview = final with { IsPreview = true, PredictedPrice = 99.5, Direction = Direction.Down };
        await store.SaveAsync(preview);
        Assert.Empty(await store.GetHistoryAsync(symbol, null, null, 10));

        await store.SaveAsync(final);

        var reloaded = Assert.Single(await store.GetHistoryAsync(symbol, null, null, 10)).Prediction;
        Assert.Equal(PredictionJson.Serialize(final), PredictionJson.Serialize(reloaded));
    }

    [Fact]
    public async Task A_prediction_reloaded_from_sqlite_follows_the_schema_unchanged()
    {
        using var store = new SqlitePredictionStore(Path.Combine(_directory, "p.db"));
        await AssertRoundTripAsync(store);
    }

    [PostgresFact]
    public async Task A_prediction_reloaded_from_postgres_follows_the_schema_unchanged()
    {
        await using var store = await PostgresPredictionStore.OpenAsync(PostgresFactAttribute.ConnectionString!);
        await AssertRoundTripAsync(store);
    }

    [Fact]
    public async Task Sqlite_keeps_the_final_prediction_of_a_bar_not_its_preview()
    {
        using var store = new SqlitePredictionStore(Path.Combine(_directory, "p.db"));
        await AssertPreviewSupersededAsync(store);
    }

    [PostgresFact]
    public async Task Postgres_keeps_the_final_prediction_of_a_bar_not_its_preview()
    {
        await using var store = await PostgresPredictionStore.OpenAsync(PostgresFactAttribute.ConnectionString!);
        await AssertPreviewSupersededAsync(store);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
