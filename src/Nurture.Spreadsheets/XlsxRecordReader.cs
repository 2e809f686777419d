using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Nurture.Spreadsheets;

/// <summary>
/// Rows of the first worksheet of an XLSX file through the Open XML SDK's streaming reader: the worksheet is read
/// row by row and cell by cell, only the shared strings are held in memory. The SDK refuses DTDs, and every part
/// stops at <see cref="SpreadsheetReadOptions.MaxFileBytes"/> characters, so neither an entity bomb nor a zip bomb
/// gets past the size limit. Cells come out as Excel shows them without formats: text as text, numbers in
/// invariant culture to 15 significant digits, booleans as TRUE/FALSE, dates as their serial numbers. Japanese
/// phonetic guides (ふりがな, &lt;rPh&gt;) stored beside a string are not part of its text.
/// </summary>
internal sealed class XlsxRecordReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly SpreadsheetReadOptions _options;
    private readonly List<string> _sharedStrings = [];
    private OpenXmlReader? _rows;
    private int _lastRow;

    /// <summary>Opens the workbook and reads its shared strings; throws <see cref="UnreadableFileException"/> for a damaged one.</summary>
    public XlsxRecordReader(Stream stream, SpreadsheetReadOptions options)
    {
        _options = options;
        try
        {
            _document = SpreadsheetDocument.Open(stream, isEditable: false, new OpenSettings { MaxCharactersInPart = options.MaxFileBytes });
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(e);
        }
        try
        {
            var workbook = _document.WorkbookPart ?? throw new UnreadableFileException("not an Excel workbook: the file holds no workbook");
            _sheet = FirstWorksheet(workbook);
            if (workbook.SharedStringTablePart is { } sharedStrings) ReadSharedStrings(sharedStrings);
        }
        catch (Exception e) when (e is UnreadableFileException || IsDamage(e))
        {
            _document.Dispose();
            throw e as UnreadableFileException ?? Damaged(e);
        }
    }

    public IEnumerable<SourceRecord> ReadAll()
    {
        var record = new RecordBuilder(_options);
        while (TryReadRow(record)) yield return record.End();
    }

    private bool TryReadRow(RecordBuilder record)
    {
        try
        {
            _rows ??= OpenXmlReader.Create(_sheet);
            while (_rows.Read())
            {
                if (!_rows.IsStartElement || _rows.ElementType != typeof(Row)) continue;
                _lastRow = int.TryParse(Attribute(_rows, "r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > _lastRow ? r : _lastRow + 1;
                record.Begin(_lastRow);
                if (!_rows.ReadFirstChild()) return true;
                do
                {
                    if (_rows.ElementType != typeof(Cell)) continue;
                    var column = ExcelColumn.TryParseIndex(Attribute(_rows, "r"), out var index) ? index : record.Count;
                    var value = ReadCell(_rows);
                    if (record.HasRoomFor(column)) record.Add(column, value);
                }
                while (_rows.ReadNextSibling());
                return true;
            }
            return false;
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(e);
        }
    }

    /// <summary>The text of the cell the reader is on; leaves the reader on the cell.</summary>
    private string ReadCell(OpenXmlReader xml)
    {
        var type = Attribute(xml, "t");
        string? raw = null;
        if (xml.ReadFirstChild())
        {
            do
            {
                if (xml.ElementType == typeof(CellValue)) raw = xml.GetText();
                else if (xml.ElementType == typeof(InlineString)) raw = ReadStringItem(xml);
            }
            while (xml.ReadNextSibling());
        }
        if (raw is null) return "";
        return type switch
        {
            "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Count ? _sharedStrings[i] : "",
            "inlineStr" => raw,
            "str" or "e" or "d" => ExcelText.Decode(raw),
            "b" => raw.Trim() == "1" ? "TRUE" : "FALSE",
            _ => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number.ToString("G15", CultureInfo.InvariantCulture)
                : raw,
        };
    }

    /// <summary>The text of the &lt;si&gt; or &lt;is&gt; the reader is on: its &lt;t&gt; runs joined, phonetic runs (&lt;rPh&gt;) left out.</summary>
    private string ReadStringItem(OpenXmlReader xml)
    {
        var text = new StringBuilder();
        if (!xml.ReadFirstChild()) return "";
        do
        {
            if (xml.ElementType == typeof(Text)) Append(text, xml.GetText());
            else if (xml.ElementType == typeof(Run) && xml.ReadFirstChild())
            {
                do
                {
                    if (xml.ElementType == typeof(Text)) Append(text, xml.GetText());
                }
                while (xml.ReadNextSibling());
            }
        }
        while (xml.ReadNextSibling());
        return ExcelText.Decode(text.ToString());
    }

    // One character past the limit is kept so that RecordBuilder sees the cell was too long.
    private void Append(StringBuilder text, string run)
    {
        if (text.Length <= _options.MaxCellLength) text.Append(run.AsSpan(0, Math.Min(run.Length, _options.MaxCellLength + 1 - text.Length)));
    }

    private void ReadSharedStrings(SharedStringTablePart part)
    {
        using var xml = OpenXmlReader.Create(part);
        while (xml.Read())
        {
            if (xml.IsStartElement && xml.ElementType == typeof(SharedStringItem)) _sharedStrings.Add(ReadStringItem(xml));
        }
    }

    /// <summary>The first &lt;sheet&gt; in the workbook is the first tab; its r:id names the worksheet part.</summary>
    private static WorksheetPart FirstWorksheet(WorkbookPart workbook)
    {
        string? id = null;
        using (var xml = OpenXmlReader.Create(workbook))
        {
            while (id is null && xml.Read())
            {
                if (xml.IsStartElement && xml.ElementType == typeof(Sheet)) id = Attribute(xml, "id") ?? "";
            }
        }
        if (id is null) throw new UnreadableFileException("the workbook has no worksheet");
        var part = workbook.Parts.FirstOrDefault(p => p.RelationshipId == id).OpenXmlPart
            ?? throw new UnreadableFileException("the workbook's first sheet is missing from the file");
        return part as WorksheetPart ?? throw new UnreadableFileException("the workbook's first sheet is not a worksheet (a chart sheet?); move the data to the first tab");
    }

    private static string? Attribute(OpenXmlReader xml, string localName)
    {
        foreach (var attribute in xml.Attributes)
            if (attribute.LocalName == localName) return attribute.Value;
        return null;
    }

    /// <summary>What the zip, packaging and XML layers throw for a file that is not a sound workbook.</summary>
    private static bool IsDamage(Exception e) => e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException
        or InvalidOperationException or ArgumentException or FormatException or NotSupportedException or KeyNotFoundException or OverflowException;

    private static UnreadableFileException Damaged(Exception e) => new("not a valid XLSX file: " + e.Message);

    public void Dispose()
    {
        _rows?.Dispose();
        _document.Dispose();
    }
}
