using PredictionSdk.Data.Storage.Postgres;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Data.Tests.Storage;

public sealed class PredictionStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("psdk-predictions-").FullName;

    [Fact]
    public async Task Sqlite_store_keeps_predictions_and_their_outcomes()
    {
        using var store = new SqlitePredictionStore(Path.Combine(_directory, "p.db"));
        await PredictionStoreContract.RunAsync(store);
    }

    [Fact]
    public async Task Sqlite_store_survives_reopening()
    {
        string path = Path.Combine(_directory, "reopen.db");
        var prediction = PredictionStoreContract.Make(Symbol.Parse("BTC-USD"), 3, 1, 100, 99, Direction.Down);
        using (var store = new SqlitePredictionStore(path))
        {
            await store.SaveAsync(prediction);
        }

        using var reopened = new SqlitePredictionStore(path);
        Assert.Equal(prediction, Assert.Single(await reopened.GetHistoryAsync(prediction.Symbol, null, null, 10)).Prediction);
    }

    [PostgresFact]
    public async Task Postgres_store_keeps_predictions_and_their_outcomes()
    {
        await using var store = await PostgresPredictionStore.OpenAsync(PostgresFactAttribute.ConnectionString!);
        await PredictionStoreContract.RunAsync(store);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
