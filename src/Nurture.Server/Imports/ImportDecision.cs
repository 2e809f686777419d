namespace Nurture.Server.Imports;

/// <summary>
/// What a valid row does, the same in the dry run and the real run: by the mode, whether a lead has the
/// email already, and whether an earlier row of the same file had it.
/// </summary>
public static class ImportDecision
{
    /// <summary>The outcome and, for a skip, why; null outcome means "write it and see whether anything changed".</summary>
    public static (string? Outcome, string? Detail) Before(ImportMode mode, bool exists, bool earlierRowHadEmail)
    {
        if (earlierRowHadEmail) return (null, null);
        if (exists && mode == ImportMode.Create) return (ImportRowResult.Skipped, "a lead with this email exists (mode create)");
        if (!exists && mode == ImportMode.Update) return (ImportRowResult.Skipped, "no lead has this email (mode update)");
        return (null, null);
    }

    /// <summary>The outcome of a row that was written (or would be).</summary>
    public static (string Outcome, string? Detail) After(bool created, bool earlierRowHadEmail, int changedFields) =>
        earlierRowHadEmail ? (changedFields > 0 ? ImportRowResult.Merged : ImportRowResult.Skipped, changedFields > 0 ? "same email as an earlier row: combined into that lead" : "same as an earlier row")
        : created ? (ImportRowResult.Created, null)
        : changedFields > 0 ? (ImportRowResult.Updated, null)
        : (ImportRowResult.Skipped, "no changes");
}
