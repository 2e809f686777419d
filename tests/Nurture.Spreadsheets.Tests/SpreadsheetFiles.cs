using System.IO.Compression;
using System.Text;
using Nurture.Spreadsheets;

namespace Nurture.Spreadsheets.Tests;

/// <summary>Builds files in memory for the reader tests and reads tables back into plain lists.</summary>
internal static class SpreadsheetFiles
{
    static SpreadsheetFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding ShiftJis => Encoding.GetEncoding(932);

    public static MemoryStream Text(string text, Encoding encoding, bool withBom)
    {
        var bytes = new List<byte>();
        if (withBom) bytes.AddRange(encoding.GetPreamble());
        bytes.AddRange(encoding.GetBytes(text));
        return new MemoryStream(bytes.ToArray());
    }

    public static MemoryStream Utf8(string text) => Text(text, new UTF8Encoding(false), withBom: false);

    /// <summary>A zip with the given parts, for hand-made XLSX files.</summary>
    public static MemoryStream Zip(params (string Path, string Content)[] parts)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// A zip that is an OpenXML package, as every real XLSX is: the given parts plus the content types that say
    /// which is the workbook, a worksheet or the shared strings, and the package relationship to the workbook.
    /// </summary>
    public static MemoryStream Package(params (string Path, string Content)[] parts)
    {
        var overrides = string.Concat(parts.Select(p => ContentType(p.Path) is { } type ? $"""<Override PartName="/{p.Path}" ContentType="{type}"/>""" : ""));
        return Zip([
            ("[Content_Types].xml", $"""
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>
                """),
            ("_rels/.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """),
            .. parts]);
    }

    private static string? ContentType(string path) => path switch
    {
        "xl/workbook.xml" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/sharedStrings.xml" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
        _ when path.StartsWith("xl/worksheets/", StringComparison.Ordinal) => "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        _ => null,
    };

    /// <summary>A minimal XLSX whose first worksheet has the given sheetData content, plus optional shared strings.</summary>
    public static MemoryStream Xlsx(string sheetData, string? sharedStrings = null)
    {
        var sharedStringsRelationship = sharedStrings is null ? "" :
            """<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""";
        var parts = new List<(string, string)>
        {
            ("xl/workbook.xml", Workbook("""<sheet name="Leads" sheetId="1" r:id="rId1"/>""")),
            ("xl/_rels/workbook.xml.rels", $"""
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                {sharedStringsRelationship}
                </Relationships>
                """),
            ("xl/worksheets/sheet1.xml", Sheet(sheetData)),
        };
        if (sharedStrings is not null)
            parts.Add(("xl/sharedStrings.xml", $"""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sharedStrings}</sst>"""));
        return Package([.. parts]);
    }

    public static string Workbook(string sheets) =>
        $"""<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>""";

    public static string Sheet(string sheetData) =>
        $"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheetData}</sheetData></worksheet>""";

    public static (SpreadsheetTable Table, List<SpreadsheetRow> Rows) ReadAll(Stream stream, SpreadsheetReadOptions? options = null)
    {
        var table = SpreadsheetReader.Read(stream, options);
        return (table, table.Rows.ToList());
    }

    public static List<string[]> Cells(IEnumerable<SpreadsheetRow> rows) => rows.Select(r => r.Cells.ToArray()).ToList();
}
