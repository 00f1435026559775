using Microsoft.Extensions.Options;
using PredictionSdk.Data.Storage.Postgres;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk.Server;

/// <summary>Candle and prediction stores, SQLite by default or PostgreSQL by configuration.</summary>
internal static class ServerStorage
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<ICandleStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return options.Storage == "postgres"
                ? PostgresCandleStore.OpenAsync(RequirePostgres(options)).GetAwaiter().GetResult()
                : new SqliteCandleStore(SqlitePath(options));
        });
        services.AddSingleton<IPredictionStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return options.Storage == "postgres"
                ? PostgresPredictionStore.OpenAsync(RequirePostgres(options)).GetAwaiter().GetResult()
                : new SqlitePredictionStore(SqlitePath(options));
        });
    }

    private static string SqlitePath(ServerOptions options)
    {
        string path = ServerStartup.Resolve(options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static string RequirePostgres(ServerOptions options) =>
        string.IsNullOrWhiteSpace(options.PostgresConnectionString)
            ? throw new OptionsValidationException(ServerOptions.SectionName, typeof(ServerOptions), ["Server:PostgresConnectionString is required when Server:Storage is 'postgres'."])
            : options.PostgresConnectionString;
}
