namespace Nurture.CustomerData.Duplicates;

/// <summary>The outcome of a merge: one value per field and the decision behind each.</summary>
public sealed record MergedRecord(IReadOnlyDictionary<string, string?> Values, IReadOnlyList<FieldDecision> Decisions);
