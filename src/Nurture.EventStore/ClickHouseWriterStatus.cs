namespace Nurture.EventStore;

/// <summary>What the writer last achieved, for /readyz and /metrics.</summary>
public sealed class ClickHouseWriterStatus
{
    private long lagMilliseconds;
    private long rowsWritten;
    private long failures;

    public bool SchemaReady { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastSuccess { get; set; }

    /// <summary>Age of the newest event written by the last insert when it completed.</summary>
    public TimeSpan Lag => TimeSpan.FromMilliseconds(Interlocked.Read(ref lagMilliseconds));
    public long RowsWritten => Interlocked.Read(ref rowsWritten);
    public long Failures => Interlocked.Read(ref failures);

    public void RecordSuccess(long rows, TimeSpan lag, DateTimeOffset at)
    {
        Interlocked.Add(ref rowsWritten, rows);
        Interlocked.Exchange(ref lagMilliseconds, (long)lag.TotalMilliseconds);
        LastSuccess = at;
        LastError = null;
    }

    public void RecordFailure(string error)
    {
        Interlocked.Increment(ref failures);
        LastError = error;
    }
}
