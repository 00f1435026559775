namespace PredictionSdk.Orleans.Tests;

/// <summary>A fact that needs a PostgreSQL server; skipped, with the reason shown, when none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "PSDK_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"No PostgreSQL server: set {Variable} to a connection string (tests/infrastructure/setup-postgres.sh starts one and prints it).";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
