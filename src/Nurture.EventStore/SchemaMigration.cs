namespace Nurture.EventStore;

/// <summary>One version of our ClickHouse schema: the tables it creates, then the columns it adds to existing ones.</summary>
public sealed record SchemaMigration(int Version, TableDefinition[] Tables, ColumnAddition[]? AddedColumns = null)
{
    public IReadOnlyList<ColumnAddition> Columns => AddedColumns ?? [];
}
