namespace Nurture.Scoring.Predictive;

/// <summary>
/// One column of an uploaded training file as the person choosing what to train on sees it: its kind, how
/// many rows have a value, a few sample values, whether it is used unless they untick it (and why not), and,
/// when it has few different values and could be the outcome, each value with its count.
/// </summary>
/// <param name="Name">The header as read (trimmed), or column_N for a blank one.</param>
/// <param name="Filled">Rows with a value (blanks and placeholders such as "N/A" or "Select" are not values).</param>
/// <param name="Distinct">Different values, compared as categories ("CTO" and " cto " are one); at most <see cref="TrainingFileInspector.DistinctCap"/>.</param>
/// <param name="Samples">Up to five different values in the order they first appear, each at most 40 characters.</param>
/// <param name="Note">Why the column is not used by default, in plain words; null when it is.</param>
/// <param name="Values">Every value with its count and whether it reads as a yes or a no, when there are at most <see cref="TrainingFileInspector.MaxOutcomeValues"/>; else null.</param>
public sealed record ColumnProfile(
    string Name, ColumnKind Kind, int Filled, int Distinct, IReadOnlyList<string> Samples, bool UsedByDefault, string? Note, IReadOnlyList<ValueCount>? Values);

/// <summary>A value of a column and how many rows have it; <see cref="Outcome"/> is what it means as an outcome (true: converted) when it reads as one.</summary>
public sealed record ValueCount(string Value, int Count, bool? Outcome);

/// <summary>What an uploaded training file holds: where it came from, its data rows, its columns, and the column that most likely holds the outcome.</summary>
/// <param name="RaggedRows">CSV rows with another number of cells than the header (XLSX: more): left out of the profiles and of training.</param>
public sealed record SpreadsheetInspection(string Source, int Rows, int RaggedRows, IReadOnlyList<ColumnProfile> Columns, string? SuggestedLabel);
