using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Nurture.Spreadsheets;

/// <summary>
/// Writes a workbook of one sheet with the Open XML SDK's elements and streaming writer: a workbook, a default
/// style sheet (some apps complain without one), and the worksheet with inline strings (no shared-string table,
/// so rows are written while they are enumerated). The package is a write-only <see cref="Package"/> because the
/// SDK's own SpreadsheetDocument.Create opens it for update, which holds every part in memory until it is closed
/// (385 MB for 100,000 rows of 12 cells, against 77 MB streamed).
/// </summary>
internal static class XlsxWriter
{
    private const string RelationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string ContentTypeBase = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
    private const int MaxSheetNameLength = 31;

    public static void Write(Stream output, string? sheetName, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var package = Package.Open(new WriteOnlyStream(output), FileMode.Create, FileAccess.Write);
        var workbook = AddPart(package, "/xl/workbook.xml", "sheet.main+xml");
        package.CreateRelationship(workbook.Uri, TargetMode.Internal, RelationshipBase + "officeDocument");
        workbook.CreateRelationship(new Uri("worksheets/sheet1.xml", UriKind.Relative), TargetMode.Internal, RelationshipBase + "worksheet", "rId1");
        workbook.CreateRelationship(new Uri("styles.xml", UriKind.Relative), TargetMode.Internal, RelationshipBase + "styles", "rId2");
        using (var stream = workbook.GetStream())
            new Workbook(new Sheets(new Sheet { Name = SafeSheetName(sheetName), SheetId = 1, Id = "rId1" })).Save(stream);
        using (var stream = AddPart(package, "/xl/styles.xml", "styles+xml").GetStream()) DefaultStyles().Save(stream);
        using (var stream = AddPart(package, "/xl/worksheets/sheet1.xml", "worksheet+xml").GetStream())
        using (var xml = OpenXmlWriter.Create(stream)) WriteSheet(xml, rows);
    }

    private static void WriteSheet(OpenXmlWriter xml, IEnumerable<IReadOnlyList<string?>> rows)
    {
        xml.WriteStartElement(new Worksheet());
        xml.WriteStartElement(new SheetData());
        uint rowNumber = 0;
        foreach (var row in rows)
        {
            rowNumber++;
            xml.WriteStartElement(new Row { RowIndex = rowNumber });
            for (var column = 0; column < row.Count; column++)
            {
                var text = FormulaInjection.Neutralise(row[column]);
                if (text.Length == 0) continue;
                xml.WriteElement(new Cell
                {
                    CellReference = ExcelColumn.ToLetters(column) + rowNumber,
                    DataType = CellValues.InlineString,
                    // Without xml:space="preserve" spreadsheet apps drop leading and trailing spaces.
                    InlineString = new InlineString(new Text(ExcelText.Encode(text)) { Space = SpaceProcessingModeValues.Preserve }),
                });
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static Stylesheet DefaultStyles() => new(
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 }) { Count = 1 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static PackagePart AddPart(Package package, string path, string contentType) =>
        package.CreatePart(new Uri(path, UriKind.Relative), ContentTypeBase + contentType, CompressionOption.Normal);

    // Excel refuses sheet names over 31 characters, empty, or holding any of \ / ? * [ ] :
    private static string SafeSheetName(string? name)
    {
        var safe = new string((name ?? "").Where(c => !"\\/?*[]:".Contains(c) && !char.IsControl(c)).ToArray()).Trim('\'', ' ');
        if (safe.Length > MaxSheetNameLength) safe = safe[..MaxSheetNameLength];
        return safe.Length == 0 ? "Sheet1" : safe;
    }

    /// <summary>The output seen as write-only, which is what makes <see cref="Package"/> stream instead of buffer; never closes it.</summary>
    private sealed class WriteOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
