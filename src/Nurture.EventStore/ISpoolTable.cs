using Nurture.Ingest.Spool;

namespace Nurture.EventStore;

/// <summary>A ClickHouse table fed from a spool: its name, and how one spooled record becomes a row.</summary>
public interface ISpoolTable
{
    string Name { get; }

    /// <summary>Writes the record as one JSONEachRow row, including spool_node and spool_seq.</summary>
    void WriteRow(JsonRowWriter writer, SpoolRecord record, string spoolNode, Stream rows);
}
