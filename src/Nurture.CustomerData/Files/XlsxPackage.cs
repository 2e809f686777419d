using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Nurture.CustomerData.Files;

/// <summary>
/// The smallest OpenXML package Excel, LibreOffice and Google Sheets open without complaint: content types,
/// relationships, a workbook with one sheet, a default style sheet, and the worksheet with inline strings
/// (no shared-string table, so rows can be written while they are enumerated).
/// </summary>
internal static class XlsxPackage
{
    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const int MaxSheetNameLength = 31;

    public static void Write(ZipArchive zip, string sheetName, IEnumerable<IReadOnlyList<string?>> rows)
    {
        WritePart(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            </Types>
            """);
        WritePart(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
            </Relationships>
            """);
        WritePart(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
            </Relationships>
            """);
        WritePart(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
            <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
            </styleSheet>
            """);
        using (var xml = CreateXml(zip, "xl/workbook.xml"))
        {
            xml.WriteStartElement("workbook", MainNamespace);
            xml.WriteAttributeString("xmlns", "r", null, RelationshipNamespace);
            xml.WriteStartElement("sheets", MainNamespace);
            xml.WriteStartElement("sheet", MainNamespace);
            xml.WriteAttributeString("name", SafeSheetName(sheetName));
            xml.WriteAttributeString("sheetId", "1");
            xml.WriteAttributeString("id", RelationshipNamespace, "rId1");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        using (var xml = CreateXml(zip, "xl/worksheets/sheet1.xml")) WriteSheet(xml, rows);
    }

    private static void WriteSheet(XmlWriter xml, IEnumerable<IReadOnlyList<string?>> rows)
    {
        xml.WriteStartElement("worksheet", MainNamespace);
        xml.WriteStartElement("sheetData", MainNamespace);
        var rowNumber = 0;
        foreach (var row in rows)
        {
            rowNumber++;
            xml.WriteStartElement("row", MainNamespace);
            xml.WriteAttributeString("r", rowNumber.ToString(CultureInfo.InvariantCulture));
            for (var column = 0; column < row.Count; column++)
            {
                var text = FormulaInjection.Neutralise(row[column]);
                if (text.Length == 0) continue;
                xml.WriteStartElement("c", MainNamespace);
                xml.WriteAttributeString("r", ExcelColumn.ToLetters(column) + rowNumber.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("t", "inlineStr");
                xml.WriteStartElement("is", MainNamespace);
                xml.WriteStartElement("t", MainNamespace);
                // Without xml:space="preserve" spreadsheet apps drop leading and trailing spaces.
                xml.WriteAttributeString("xml", "space", null, "preserve");
                xml.WriteString(ExcelText.Encode(text));
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    // Excel refuses sheet names over 31 characters, empty, or holding any of \ / ? * [ ] :
    private static string SafeSheetName(string? name)
    {
        var safe = new string((name ?? "").Where(c => !"\\/?*[]:".Contains(c) && !char.IsControl(c)).ToArray()).Trim('\'', ' ');
        if (safe.Length > MaxSheetNameLength) safe = safe[..MaxSheetNameLength];
        return safe.Length == 0 ? "Sheet1" : safe;
    }

    private static void WritePart(ZipArchive zip, string path, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open());
        writer.Write(content);
    }

    // Carriage returns are written as &#xD; so that they survive XML's line-end normalisation.
    private static XmlWriter CreateXml(ZipArchive zip, string path) =>
        XmlWriter.Create(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = true,
        });
}
