namespace Nurture.Server.Imports;

/// <summary>A problem placed where the user finds it in the spreadsheet: row (header = 1), column header, reason.</summary>
public sealed record ImportError(int? Row, string? Column, string Reason);

/// <summary>One data row read, cleaned and mapped to traits; rows with errors are not imported.</summary>
public sealed record ImportRow(int RowNumber, string? Email, IReadOnlyDictionary<string, string> Traits, IReadOnlyList<ImportError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>What happened (or, in a dry run, would happen) to one row.</summary>
public sealed record ImportRowResult(int Row, string Outcome, Guid? LeadId, string? Detail, IReadOnlyList<ImportError> Errors)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Merged = "merged";
    public const string Skipped = "skipped";
    public const string Error = "error";
}
