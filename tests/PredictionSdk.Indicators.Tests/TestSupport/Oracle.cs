namespace PredictionSdk.Indicators.Tests;

/// <summary>Compares a computed series with a column of a Stock.Indicators expected-value table, row by row.</summary>
internal static class Oracle
{
    public static void AssertColumn(OracleTable table, string column, IReadOnlyList<double?> actual, double tolerance = Approx.Tolerance, int occurrence = 0, int skip = 0) =>
        Approx.Series(table.Column(column, occurrence), actual, tolerance, $"{table.Name} [{column}]", skip);

    /// <summary>Checks that the table's rows are the bars the values were computed on.</summary>
    public static void AssertSameBars(OracleTable table, IReadOnlyList<Candle> candles, string dateColumn = "date") =>
        Assert.Equal(table.Dates(dateColumn), candles.Select(c => c.Timestamp).ToArray());
}
