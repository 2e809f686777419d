using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Nurture.CustomerData.Files;

/// <summary>
/// Rows of the first worksheet of an XLSX file, read straight from its OpenXML parts (workbook, relationships,
/// shared strings, worksheet) with <see cref="XmlReader"/>: the worksheet is streamed row by row, only the
/// shared strings are held in memory. Cells come out as Excel shows them without formats: text as text,
/// numbers in invariant culture to 15 significant digits, booleans as TRUE/FALSE, dates as their serial
/// numbers. Japanese phonetic guides (ふりがな, &lt;rPh&gt;) stored beside a string are not part of its text.
/// </summary>
internal sealed class XlsxRecordReader : IDisposable
{
    private const string WorkbookPath = "xl/workbook.xml";
    private const string WorkbookRelationshipsPath = "xl/_rels/workbook.xml.rels";
    private const string SharedStringsType = "/sharedStrings";

    private readonly ZipArchive _zip;
    private readonly SpreadsheetReadOptions _options;
    private readonly XmlReaderSettings _xmlSettings;
    private readonly string _sheetPath;
    private readonly List<string> _sharedStrings = [];

    public XlsxRecordReader(Stream stream, SpreadsheetReadOptions options)
    {
        _options = options;
        // No DTDs and no resolver: an uploaded file must not make us fetch URLs or expand entity bombs.
        _xmlSettings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = options.MaxFileBytes,
        };
        try
        {
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new UnreadableFileException("not a valid XLSX file: the zip archive is damaged");
        }
        if (Entry(WorkbookPath) is null) throw new UnreadableFileException("not an Excel workbook: the zip holds no xl/workbook.xml");
        var relationships = ReadRelationships();
        _sheetPath = FirstSheetPath(relationships) ?? throw new UnreadableFileException("the workbook has no worksheet");
        var sharedStringsPath = relationships.Values.FirstOrDefault(r => r.Type.EndsWith(SharedStringsType, StringComparison.Ordinal)).Target;
        ReadSharedStrings(sharedStringsPath ?? "xl/sharedStrings.xml");
    }

    public IEnumerable<SourceRecord> ReadAll()
    {
        var entry = Entry(_sheetPath) ?? throw new UnreadableFileException($"the workbook's first sheet ({_sheetPath}) is missing");
        using var xml = XmlReader.Create(entry.Open(), _xmlSettings);
        var record = new RecordBuilder(_options);
        var lastRow = 0;
        while (!xml.EOF)
        {
            if (!IsElement(xml, "row")) { xml.Read(); continue; }
            lastRow = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > lastRow ? r : lastRow + 1;
            record.Begin(lastRow);
            foreach (var child in Children(xml))
            {
                if (child != "c") { xml.Skip(); continue; }
                var column = ExcelColumn.TryParseIndex(xml.GetAttribute("r"), out var index) ? index : record.Count;
                var value = ReadCellValue(xml, xml.GetAttribute("t"));
                if (record.HasRoomFor(column)) record.Add(column, value);
            }
            yield return record.End();
        }
    }

    private string ReadCellValue(XmlReader xml, string? type)
    {
        string? raw = null;
        foreach (var child in Children(xml))
        {
            if (child == "v") raw = xml.ReadElementContentAsString();
            else if (child == "is") raw = ReadStringItem(xml);
            else xml.Skip();
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

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt;: its &lt;t&gt; runs joined, phonetic runs (&lt;rPh&gt;) left out.</summary>
    private string ReadStringItem(XmlReader xml)
    {
        var text = new StringBuilder();
        foreach (var child in Children(xml))
        {
            if (child == "t" && text.Length <= _options.MaxCellLength) text.Append(xml.ReadElementContentAsString());
            else if (child == "r") xml.Read(); // a rich-text run: step into it, its <t> comes next
            else xml.Skip();
        }
        return ExcelText.Decode(text.ToString());
    }

    private void ReadSharedStrings(string path)
    {
        if (Entry(path) is not { } entry) return;
        using var xml = XmlReader.Create(entry.Open(), _xmlSettings);
        while (!xml.EOF)
        {
            if (IsElement(xml, "si")) _sharedStrings.Add(ReadStringItem(xml));
            else xml.Read();
        }
    }

    /// <summary>
    /// Walks the children of the element the reader is on, stopping on each child node; the loop body must move
    /// the reader past that child (Read, Skip or ReadElementContent…). Leaves the reader after the parent's end.
    /// </summary>
    private static IEnumerable<string> Children(XmlReader xml)
    {
        if (xml.IsEmptyElement) { xml.Read(); yield break; }
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element) yield return xml.LocalName;
            else xml.Read();
        }
        if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) xml.Read();
    }

    private static bool IsElement(XmlReader xml, string localName) => xml.NodeType == XmlNodeType.Element && xml.LocalName == localName;

    private Dictionary<string, (string Type, string Target)> ReadRelationships()
    {
        var relationships = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (Entry(WorkbookRelationshipsPath) is not { } entry) return relationships;
        using var xml = XmlReader.Create(entry.Open(), _xmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship") continue;
            if (xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
                relationships[id] = (xml.GetAttribute("Type") ?? "", PartPath(target));
        }
        return relationships;
    }

    // The first <sheet> in the workbook is the first tab; its r:id names the worksheet part.
    private string? FirstSheetPath(Dictionary<string, (string Type, string Target)> relationships)
    {
        using var xml = XmlReader.Create(Entry(WorkbookPath)!.Open(), _xmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "sheet") continue;
            for (var more = xml.MoveToFirstAttribute(); more; more = xml.MoveToNextAttribute())
                if (xml.LocalName == "id" && xml.NamespaceURI.Length > 0)
                    return relationships.TryGetValue(xml.Value, out var sheet) ? sheet.Target : "xl/worksheets/sheet1.xml";
            return "xl/worksheets/sheet1.xml";
        }
        return null;
    }

    // Relationship targets are relative to xl/ unless they start with a slash.
    private static string PartPath(string target) => target.StartsWith('/') ? target[1..] : "xl/" + target;

    // Part names are case-insensitive in OpenXML; zip entry names are not.
    private ZipArchiveEntry? Entry(string path) =>
        _zip.GetEntry(path) ?? _zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));

    public void Dispose() => _zip.Dispose();
}
