using System.Globalization;
using System.Text;

namespace Nurture.Spreadsheets;

/// <summary>
/// A spreadsheet being read: its header (the first non-blank row) and its data rows, streamed once. Blank
/// rows are skipped but still counted, so <see cref="SpreadsheetRow.RowNumber"/> is the number Excel shows.
/// <see cref="Errors"/> holds what is wrong with the file as a whole; it can grow while <see cref="Rows"/> is
/// read (a quote never closed, too many rows), so look at it again after the loop. Problems confined to one
/// row travel with that row. Every row has at least as many cells as the header.
/// </summary>
public sealed class SpreadsheetTable : IDisposable
{
    private readonly List<SpreadsheetError> _errors = [];
    private readonly IEnumerator<SourceRecord>? _records;
    private readonly SpreadsheetReadOptions _options;
    private readonly IDisposable? _owned;
    private bool _rowsTaken;
    private bool _stopped;

    internal SpreadsheetTable(
        SpreadsheetFormat format, Encoding? encoding, char? delimiter, IEnumerable<SourceRecord> records, SpreadsheetReadOptions options, IDisposable? owned)
    {
        (Format, Encoding, Delimiter, _options, _owned) = (format, encoding, delimiter, options, owned);
        _records = records.GetEnumerator();
        if (!TryNext(out var header)) { Headers = []; return; }
        if (header is null) { Headers = []; _stopped = true; _errors.Add(new(null, null, "file is empty")); return; }
        Headers = header.Value.Cells.Select(h => h.Trim()).ToList();
        _errors.AddRange(header.Value.Errors);
    }

    private SpreadsheetTable(string error, SpreadsheetReadOptions options, IDisposable? owned)
    {
        (Headers, _options, _owned, _stopped) = ([], options, owned, true);
        _errors.Add(new(null, null, error));
    }

    internal static SpreadsheetTable Unreadable(string error, SpreadsheetReadOptions options, IDisposable? owned = null) => new(error, options, owned);

    public SpreadsheetFormat? Format { get; }

    /// <summary>The text encoding a CSV file was found to be in; null for XLSX.</summary>
    public Encoding? Encoding { get; }

    /// <summary>The delimiter a CSV file was found to use (comma, semicolon or tab); null for XLSX.</summary>
    public char? Delimiter { get; }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<SpreadsheetError> Errors => _errors;

    /// <summary>The data rows, read from the file as they are enumerated; can be enumerated only once.</summary>
    public IEnumerable<SpreadsheetRow> Rows
    {
        get
        {
            if (_rowsTaken) throw new InvalidOperationException("The rows of a spreadsheet can be read only once.");
            _rowsTaken = true;
            return ReadRows();
        }
    }

    private IEnumerable<SpreadsheetRow> ReadRows()
    {
        if (_records is null || _stopped) yield break;
        var count = 0;
        while (TryNext(out var record) && record is { } row)
        {
            if (++count > _options.MaxRows)
            {
                _errors.Add(new(row.RowNumber, null, string.Create(CultureInfo.InvariantCulture, $"more than {_options.MaxRows:N0} rows; split the file and import the rest separately")));
                yield break;
            }
            yield return new SpreadsheetRow(row.RowNumber, PaddedToHeader(row.Cells), row.Errors) { Width = row.Cells.Count };
        }
    }

    // Rows line up with the header even where the file left trailing cells out (XLSX omits empty cells).
    private IReadOnlyList<string> PaddedToHeader(IReadOnlyList<string> cells) =>
        cells.Count >= Headers.Count ? cells : [.. cells, .. Enumerable.Repeat("", Headers.Count - cells.Count)];

    /// <summary>
    /// The next non-blank record, null at the end of the file, or false when the file cannot be read further
    /// (the reason is then in <see cref="Errors"/>).
    /// </summary>
    private bool TryNext(out SourceRecord? record)
    {
        record = null;
        if (_stopped) return false;
        try
        {
            while (_records!.MoveNext())
            {
                if (_records.Current.IsBlank) continue;
                record = _records.Current;
                return true;
            }
            return true;
        }
        catch (Exception e) when (e is UnreadableFileException or IOException or DecoderFallbackException)
        {
            var message = e is UnreadableFileException ? e.Message : "the file could not be read: " + e.Message;
            _errors.Add(new((e as UnreadableFileException)?.RowNumber, null, message));
            _stopped = true;
            return false;
        }
    }

    public void Dispose()
    {
        _records?.Dispose();
        _owned?.Dispose();
    }
}
