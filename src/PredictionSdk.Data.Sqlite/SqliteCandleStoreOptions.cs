namespace PredictionSdk.Data.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteCandleStore"/>.</summary>
public sealed class SqliteCandleStoreOptions
{
    /// <summary>Rows per transaction when upserting. Each batch is committed whole or not at all. Default 10,000.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>
    /// True for <c>synchronous=FULL</c> (a committed batch survives power loss); false for <c>NORMAL</c>, which in WAL mode
    /// survives a process crash but may lose the last commits on power loss. Default false.
    /// </summary>
    public bool DurableCommits { get; set; }

    /// <summary>Milliseconds to wait for a lock held by another process before failing. Default 5,000.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5_000;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(BusyTimeoutMilliseconds, nameof(BusyTimeoutMilliseconds));
    }
}

/// <summary>Reported after each committed upsert transaction.</summary>
/// <param name="BatchNumber">1-based number of the batch within the call.</param>
/// <param name="Rows">Candles in the batch.</param>
/// <param name="Written">Rows the batch inserted or changed (unchanged re-ingested rows are not counted).</param>
/// <param name="First">Open time of the batch's first candle.</param>
/// <param name="Last">Open time of the batch's last candle.</param>
/// <param name="TotalRows">Candles committed so far in the call.</param>
public readonly record struct CandleBatchCommitted(int BatchNumber, int Rows, long Written, DateTime First, DateTime Last, long TotalRows);
