namespace PredictionSdk.Orleans;

/// <summary>Where the cluster's membership table lives.</summary>
public sealed class PostgresClusteringOptions
{
    /// <summary>Npgsql connection string of the database every silo and client of the cluster shares.</summary>
    public string? ConnectionString { get; set; }
}
