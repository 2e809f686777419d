namespace Nurture.Scoring.Predictive;

/// <summary>
/// What to train on from an uploaded file: the outcome column, which of its values mean "became a customer"
/// and which "did not", and the columns to leave out. Values are compared as categories (trimmed, NFKC,
/// any case), column names as <see cref="TrainingSpreadsheet"/> finds the label.
/// </summary>
/// <param name="Label">The outcome column.</param>
/// <param name="Positive">
/// The values that mean converted. Null: the outcome is read as <see cref="LabelValues.Accepted"/> and any other value skips its row.
/// </param>
/// <param name="Negative">
/// The values that mean not converted, when <paramref name="Positive"/> is given. Null: every other value does; given: rows with
/// a value in neither list are left out (deals still open, say).
/// </param>
/// <param name="Exclude">Columns not to learn from.</param>
public sealed record TrainingChoice(string Label, IReadOnlyList<string>? Positive = null, IReadOnlyList<string>? Negative = null, IReadOnlyList<string>? Exclude = null);
