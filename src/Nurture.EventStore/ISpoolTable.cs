using Nurture.Spool;

namespace Nurture.EventStore;

/// <summary>A ClickHouse table fed from a spool: its name, and how one spooled record becomes a row.</summary>
public interface ISpoolTable
{
    string Name { get; }

    /// <summary>Writes the record as one JSONEachRow row, including spool_node and spool_seq.</summary>
    void WriteRow(JsonRowWriter writer, SpoolRecord record, string spoolNode, Stream rows);

    /// <summary>
    /// Of these records, the sequence numbers of those another node has already written: a client that
    /// got no answer from this node retried there. Asked only of the backlog a writer finds when it
    /// starts (after a crash or an outage); none by default.
    /// </summary>
    Task<IReadOnlySet<long>> WrittenElsewhereAsync(ClickHouseStore store, IReadOnlyList<SpoolRecord> records, string spoolNode, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<long>>(new HashSet<long>());
}
