namespace Nurture.CustomerData.Duplicates;

/// <summary>Which record's value a merged field took, and why, in words fit for an audit log.</summary>
/// <param name="WinningRecordId">Null when no record had a value.</param>
public sealed record FieldDecision(string Field, string? Value, string? WinningRecordId, string Reason);
