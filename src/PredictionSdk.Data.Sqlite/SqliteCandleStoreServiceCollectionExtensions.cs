using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PredictionSdk.Data.Storage.Sqlite;

namespace PredictionSdk;

/// <summary>Registers the SQLite candle store.</summary>
public static class SqliteCandleStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="SqliteCandleStore"/> on <paramref name="path"/> as a singleton and as <see cref="ICandleStore"/>.
    /// The options are validated here; the database is opened on first use.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IPredictionSdkBuilder AddSqliteCandleStore(this IPredictionSdkBuilder builder, string path, Action<SqliteCandleStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new SqliteCandleStoreOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(_ => new SqliteCandleStore(path, options));
        builder.Services.TryAddSingleton<ICandleStore>(sp => sp.GetRequiredService<SqliteCandleStore>());
        return builder;
    }
}
