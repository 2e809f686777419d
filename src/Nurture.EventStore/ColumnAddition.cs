namespace Nurture.EventStore;

/// <summary>A column a later migration adds to a shipped table (its rows written before read the type's default).</summary>
public sealed record ColumnAddition(string Table, string Column, string Type);
