using System.Globalization;
using System.Text;
using CsvHelper;

namespace Nurture.Spreadsheets;

/// <summary>
/// RFC 4180 records through CsvHelper, one at a time: quoted cells with delimiters, line breaks and "" inside
/// them; CRLF, LF or CR between records. Lenient where Excel is (text after a closing quote is kept, a quote inside
/// an unquoted cell is a character: CsvHelper's recovery), strict where guessing would corrupt data: a quote never
/// closed stops reading with the row it opened in. Memory stays bounded whatever the input: CsvHelper gives up on
/// a record over <see cref="MaxRecordBytes"/>, so a quote never closed cannot pull the rest of the file into one cell.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly CsvReader _csv;
    private readonly RecordBuilder _record;
    private readonly int _maxRecordBytes;
    private bool _unclosedQuote;

    public CsvRecordReader(Stream stream, Encoding encoding, char delimiter, SpreadsheetReadOptions options)
    {
        (_record, _maxRecordBytes) = (new RecordBuilder(options), MaxRecordBytes(options));
        _csv = CsvReader.Create(stream, CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = false,
            // Blank lines are rows too: the table skips them but counts them, as Excel numbers its rows.
            SkipEmptyLines = false,
            DetectSeparatorHint = false,
            Encoding = encoding,
            MaxRecordSize = _maxRecordBytes,
            OnMalformedRecord = malformed => _unclosedQuote |= malformed.Reason == CsvMalformedReason.UnterminatedQuote,
        }, leaveOpen: true);
    }

    /// <summary>
    /// The bytes one record may take: 16 cells at the length limit, each character 3 bytes in UTF-8, and never
    /// less than 64 KiB. Rows of real lists are far shorter; one that is not is almost always a quote never closed.
    /// </summary>
    internal static int MaxRecordBytes(SpreadsheetReadOptions options) =>
        (int)Math.Min(Math.Min(options.MaxFileBytes, int.MaxValue), Math.Max(64 * 1024, options.MaxCellLength * 3L * 16));

    public IEnumerable<SourceRecord> ReadAll()
    {
        while (TryRead(out var record)) yield return record;
    }

    private bool TryRead(out SourceRecord record)
    {
        record = default;
        try
        {
            if (!_csv.Read()) return false;
        }
        catch (CsvFormatException e)
        {
            throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture,
                $"a quoted cell is never closed (a \" is missing), or the row is longer than {_maxRecordBytes:N0} bytes"), RowNumber(e.RecordNumber));
        }
        var rowNumber = RowNumber(_csv.RowNumber);
        // Recovered, CsvHelper would hand back the rest of the file as the last cell of this row.
        if (_unclosedQuote)
            throw new UnreadableFileException(
                $"a quoted cell in column {ExcelColumn.ToLetters(Math.Max(0, _csv.FieldCount - 1))} is never closed (a \" is missing)", rowNumber);
        _record.Begin(rowNumber);
        for (var column = 0; column < _csv.FieldCount && _record.HasRoomFor(column); column++) _record.Add(column, _csv.GetString(column));
        record = _record.End();
        return true;
    }

    private static int RowNumber(long recordNumber) => (int)Math.Min(recordNumber, int.MaxValue);

    public void Dispose() => _csv.Dispose();
}
