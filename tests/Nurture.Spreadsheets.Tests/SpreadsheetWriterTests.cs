using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Nurture.Spreadsheets;
using static Nurture.Spreadsheets.Tests.SpreadsheetFiles;

namespace Nurture.Spreadsheets.Tests;

public sealed class SpreadsheetWriterTests
{
    private static readonly string[] Headers = ["氏名", "メール", "メモ"];

    private static readonly string?[][] Hostile =
    [
        ["田中 太郎", "taro@example.jp", "=HYPERLINK(\"http://evil\",\"x\")"],
        ["Ann, \"the\" CTO", null, "+cmd|' /C calc'!A0"],
        ["line\r\nbreak", "-2+3", "@SUM(1)"],
        ["  spaces kept  ", "tab\tinside", "\u0001bell\u0007"],
        ["literal _x0041_", "👩‍💻", "ﾊﾝｶｸ"],
        ["\n=1+1", " =1+1", "\u00A0\u3000\u200B\uFEFF=1+1"],
        ["＝1+1", "﹦1+1", "\u0000=1+1"],
    ];

    private static readonly string[][] Neutralised =
    [
        ["田中 太郎", "taro@example.jp", "'=HYPERLINK(\"http://evil\",\"x\")"],
        ["Ann, \"the\" CTO", "", "'+cmd|' /C calc'!A0"],
        ["line\r\nbreak", "'-2+3", "'@SUM(1)"],
        ["  spaces kept  ", "tab\tinside", "'\u0001bell\u0007"],
        ["literal _x0041_", "👩‍💻", "ﾊﾝｶｸ"],
        ["'\n=1+1", "' =1+1", "'\u00A0\u3000\u200B\uFEFF=1+1"],
        ["'＝1+1", "'﹦1+1", "'\u0000=1+1"],
    ];

    [Fact]
    public void WriteCsv_WritesUtf8WithBomCrlfAndRfc4180Quoting()
    {
        var output = new MemoryStream();
        SpreadsheetWriter.WriteCsv(output, ["a", "b"], [["1", "x,y"], ["say \"hi\"", null], ["multi\nline", "=1+1"]]);
        var bytes = output.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("a,b\r\n1,\"x,y\"\r\n\"say \"\"hi\"\"\",\r\n\"multi\nline\",'=1+1\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void WriteCsv_ReadsBackAsWritten()
    {
        var output = new MemoryStream();
        SpreadsheetWriter.WriteCsv(output, Headers, Hostile);
        output.Position = 0;
        var (table, rows) = ReadAll(output);
        Assert.Empty(table.Errors);
        Assert.Equal(Headers, table.Headers);
        Assert.Equal(Neutralised, Cells(rows));
    }

    [Fact]
    public void WriteXlsx_ReadsBackAsWritten()
    {
        var output = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(output, Headers, Hostile);
        output.Position = 0;
        var (table, rows) = ReadAll(output);
        Assert.Empty(table.Errors);
        Assert.Equal(SpreadsheetFormat.Xlsx, table.Format);
        Assert.Equal(Headers, table.Headers);
        Assert.Equal(Neutralised, Cells(rows));
    }

    [Fact]
    public void WriteXlsx_WritesTheOpenXmlParts()
    {
        var output = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(output, ["a"], [["=1"]], sheetName: "Leads: 2026/10 [export] with a much too long name");
        using var zip = new ZipArchive(new MemoryStream(output.ToArray()));
        Assert.Equal(
            ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd();
        Assert.Contains("name=\"Leads 202610 export with a much\"", workbook);
        // The Open XML SDK writes the main namespace with the prefix x: (<x:c>), which every reader accepts.
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var cell = sheet.Descendants(main + "c").Single(c => (string?)c.Attribute("r") == "A2");
        Assert.Equal("inlineStr", (string?)cell.Attribute("t"));
        var text = cell.Element(main + "is")!.Element(main + "t")!;
        Assert.Equal("preserve", (string?)text.Attribute(XNamespace.Xml + "space"));
        Assert.Equal("'=1", text.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]:*?/\\")]
    public void WriteXlsx_NamesAnUnnamedSheetSheet1(string sheetName)
    {
        var output = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(output, ["a"], [], sheetName);
        using var zip = new ZipArchive(new MemoryStream(output.ToArray()));
        Assert.Contains("name=\"Sheet1\"", new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd());
    }

    [Fact]
    public void Writers_LeaveTheStreamOpen()
    {
        var output = new MemoryStream();
        SpreadsheetWriter.WriteCsv(output, ["a"], []);
        SpreadsheetWriter.WriteXlsx(output, ["a"], []);
        Assert.True(output.CanWrite);
    }

    [Fact]
    public void Writers_RefuseNullArguments()
    {
        var output = new MemoryStream();
        Assert.Throws<ArgumentNullException>(() => SpreadsheetWriter.WriteCsv(null!, [], []));
        Assert.Throws<ArgumentNullException>(() => SpreadsheetWriter.WriteCsv(output, null!, []));
        Assert.Throws<ArgumentNullException>(() => SpreadsheetWriter.WriteCsv(output, [], null!));
        Assert.Throws<ArgumentNullException>(() => SpreadsheetWriter.WriteXlsx(null!, [], []));
        Assert.Throws<ArgumentNullException>(() => SpreadsheetWriter.WriteXlsx(output, null!, []));
        Assert.Throws<ArgumentNullException>(() => SpreadsheetWriter.WriteXlsx(output, [], null!));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void Writers_StreamAHundredThousandRowsThatReadBack(string format)
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(path))
            {
                var rows = Enumerable.Range(0, 100_000).Select(i => new[] { i.ToString(), $"名前 {i}", $"user{i}@example.jp" });
                if (format == "csv") SpreadsheetWriter.WriteCsv(file, ["id", "name", "email"], rows);
                else SpreadsheetWriter.WriteXlsx(file, ["id", "name", "email"], rows);
            }
            using var table = SpreadsheetReader.Read(path);
            var count = 0;
            foreach (var row in table.Rows)
            {
                Assert.Equal(count.ToString(), row[0]);
                count++;
            }
            Assert.Empty(table.Errors);
            Assert.Equal(100_000, count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
