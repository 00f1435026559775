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
        await store.SaveAsync(saved);

        var reloaded = Assert.Single(await store.GetHistoryAsync(symbol, null, null, 10)).Prediction;
        string json = PredictionJson.Serialize(reloaded);

        PredictionSchema.AssertValid(json);
        Assert.Equal(PredictionJson.Serialize(saved), json);
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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
