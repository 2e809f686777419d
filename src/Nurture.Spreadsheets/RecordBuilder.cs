using System.Globalization;

namespace Nurture.Spreadsheets;

/// <summary>
/// Collects one row's cells for the format readers and applies the per-row limits the same way for both:
/// a cell over the length limit is cut and reported, columns past the limit are dropped and reported once.
/// </summary>
internal sealed class RecordBuilder(SpreadsheetReadOptions options)
{
    private List<string> _cells = [];
    private List<SpreadsheetError> _errors = [];
    private int _rowNumber;
    private bool _tooManyColumns;

    public void Begin(int rowNumber)
    {
        (_cells, _errors, _rowNumber, _tooManyColumns) = ([], [], rowNumber, false);
    }

    /// <summary>False once the row has reached the column limit, so readers can stop collecting its cells.</summary>
    public bool HasRoomFor(int column)
    {
        if (column < options.MaxColumns) return true;
        if (!_tooManyColumns) _errors.Add(new(_rowNumber, null, $"more than {options.MaxColumns} columns; the rest of the row is ignored"));
        _tooManyColumns = true;
        return false;
    }

    /// <summary>Puts a cell at its 0-based column; columns skipped before it (XLSX leaves out empty cells) are "".</summary>
    public void Add(int column, string value)
    {
        if (!HasRoomFor(column) || column < _cells.Count) return;
        while (_cells.Count < column) _cells.Add("");
        if (value.Length > options.MaxCellLength)
        {
            _errors.Add(new(_rowNumber, column + 1, string.Create(CultureInfo.InvariantCulture, $"cell is longer than {options.MaxCellLength:N0} characters; the rest is cut off")));
            value = value[..options.MaxCellLength];
        }
        _cells.Add(value);
    }

    public int Count => _cells.Count;

    public SourceRecord End() => new(_rowNumber, _cells, _errors);
}
