namespace Nurture.Scoring.Predictive.Csv;

/// <summary>One record of a CSV file: its fields, and the line it starts on (a quoted field may span lines).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool AnyQuoted)
{
    /// <summary>An empty line: one unquoted empty field.</summary>
    public bool IsBlank => Fields.Count == 1 && Fields[0].Length == 0 && !AnyQuoted;
}
