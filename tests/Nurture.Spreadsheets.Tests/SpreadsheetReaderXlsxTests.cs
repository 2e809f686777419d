using System.Text;
using Nurture.Spreadsheets;
using static Nurture.Spreadsheets.Tests.SpreadsheetFiles;

namespace Nurture.Spreadsheets.Tests;

public sealed class SpreadsheetReaderXlsxTests
{
    private const string SharedStrings =
        """<si><t>氏名</t></si><si><t>会社</t></si><si><t>田中太郎</t><rPh sb="0" eb="2"><t>タナカ</t></rPh><rPh sb="2" eb="4"><t>タロウ</t></rPh><phoneticPr fontId="1"/></si>""" +
        """<si><r><rPr><b/></rPr><t>株式会社</t></r><r><t xml:space="preserve"> ナーチャー</t></r></si><si><t>line_x000D_&#10;break</t></si><si><t>literal _x005F_x0041_</t></si>""";

    [Fact]
    public void Read_ReadsSharedStringsWithoutTheirPhoneticGuides()
    {
        var sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>
            <row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c></row>
            """;
        var (table, rows) = ReadAll(Xlsx(sheet, SharedStrings));
        Assert.Empty(table.Errors);
        Assert.Equal(SpreadsheetFormat.Xlsx, table.Format);
        Assert.Null(table.Encoding);
        Assert.Equal(["氏名", "会社"], table.Headers);
        Assert.Equal([["田中太郎", "株式会社 ナーチャー"], ["line\r\nbreak", "literal _x0041_"]], Cells(rows));
    }

    [Fact]
    public void Read_GivesCellsAsDisplayedText()
    {
        var sheet = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c><c r="E1" t="inlineStr"><is><t>e</t></is></c><c r="F1" t="inlineStr"><is><t>f</t></is></c></row>
            <row r="2">
              <c r="A2" s="1"><v>45935</v></c>
              <c r="B2"><v>0.10000000000000001</v></c>
              <c r="C2"><v>1.5E+20</v></c>
              <c r="D2" t="b"><v>1</v></c>
              <c r="E2" t="e"><v>#N/A</v></c>
              <c r="F2" t="str"><f>A1&amp;"x"</f><v>ax</v></c>
            </row>
            <row r="3"><c r="A3"><v>9012345678</v></c><c r="B3"><v>-2.5</v></c><c r="D3" t="b"><v>0</v></c></row>
            """;
        var (_, rows) = ReadAll(Xlsx(sheet));
        Assert.Equal([["45935", "0.1", "1.5E+20", "TRUE", "#N/A", "ax"], ["9012345678", "-2.5", "", "FALSE", "", ""]], Cells(rows));
    }

    [Fact]
    public void Read_PlacesCellsByReferenceAndRowsByNumber()
    {
        var sheet = """
            <row r="3"><c r="B3" t="inlineStr"><is><t>name</t></is></c><c r="D3" t="inlineStr"><is><t>email</t></is></c></row>
            <row r="5"/>
            <row r="7"><c r="D7" t="inlineStr"><is><t>t@x.jp</t></is></c></row>
            <row><c t="inlineStr"><is><t>no refs</t></is></c><c t="inlineStr"><is><t>at all</t></is></c></row>
            """;
        var (table, rows) = ReadAll(Xlsx(sheet));
        Assert.Equal(["", "name", "", "email"], table.Headers);
        Assert.Equal([7, 8], rows.Select(r => r.RowNumber));
        Assert.Equal([["", "", "", "t@x.jp"], ["no refs", "at all", "", ""]], Cells(rows));
    }

    [Fact]
    public void Read_TakesTheFirstTabEvenWhenItIsNotSheet1()
    {
        var workbook = Workbook("""<sheet name="Second" sheetId="2" r:id="rId2"/><sheet name="First" sheetId="1" r:id="rId1"/>""");
        var rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
            </Relationships>
            """;
        var (table, _) = ReadAll(Package(
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", Sheet("""<row r="1"><c r="A1" t="inlineStr"><is><t>one</t></is></c></row>""")),
            ("xl/worksheets/sheet2.xml", Sheet("""<row r="1"><c r="A1" t="inlineStr"><is><t>two</t></is></c></row>"""))));
        Assert.Equal(["two"], table.Headers);
    }

    [Fact]
    public void Read_AppliesTheLimitsToXlsxToo()
    {
        var rows = string.Concat(Enumerable.Range(3, 10).Select(r => $"""<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"""));
        var sheet = """<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>""" +
                    """<row r="2"><c r="A2" t="inlineStr"><is><t>0123456789ABC</t></is></c><c r="XFD2"><v>1</v></c></row>""" + rows;
        var options = SpreadsheetReadOptions.Default with { MaxCellLength = 10, MaxColumns = 5, MaxRows = 3 };
        var (table, read) = ReadAll(Xlsx(sheet), options);
        Assert.Equal(3, read.Count);
        Assert.Equal("0123456789", read[0][0]);
        Assert.Equal(2, read[0].Errors.Count);
        Assert.Contains("more than 3 rows", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_DetectsXlsxByContentWhateverTheFileName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nurture-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, Xlsx("""<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>""").ToArray());
            using var table = SpreadsheetReader.Read(path);
            Assert.Equal(SpreadsheetFormat.Xlsx, table.Format);
            Assert.Equal(["x"], table.Headers);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, byte[]> BrokenFiles => new()
    {
        { "not a valid XLSX file", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
        { "not an Excel workbook", Zip(("word/document.xml", "<w/>")).ToArray() },
        { "not an Excel workbook", Zip(("xl/workbook.xml", Workbook(""))).ToArray() },   // a zip, but not an OpenXML package
        { "the workbook has no worksheet", Package(("xl/workbook.xml", Workbook(""))).ToArray() },
        { "first sheet", Package(("xl/workbook.xml", Workbook("""<sheet name="a" sheetId="1" r:id="rId1"/>"""))).ToArray() },
        { "not a valid XLSX file", Package(("xl/workbook.xml", "<workbook><unclosed>")).ToArray() },
        { "not a valid XLSX file", Xlsx("""<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c""").ToArray() },
        { "not a valid XLSX file", Package(("xl/workbook.xml", Workbook("""<sheet name="a" sheetId="1" r:id="rId1"/>""")),
            ("xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""),
            ("xl/worksheets/sheet1.xml", """<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><worksheet>&b;</worksheet>""")).ToArray() },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Read_ReportsDamagedFilesWithoutThrowing(string expected, byte[] content)
    {
        var (table, rows) = ReadAll(new MemoryStream(content));
        Assert.Empty(rows);
        Assert.Contains(expected, Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_KeepsTheRowsBeforeDamageInTheSheet()
    {
        var (table, rows) = ReadAll(Xlsx("""<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c"""));
        Assert.Equal(["2"], rows.Select(r => r[0]));
        Assert.StartsWith("not a valid XLSX file", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_StopsAnXmlPartOverTheSizeLimit()
    {
        var big = string.Concat(Enumerable.Range(2, 2000).Select(r => $"""<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"""));
        var file = Xlsx("""<row r="1"><c r="A1"><v>1</v></c></row>""" + big);
        var (table, rows) = ReadAll(file, SpreadsheetReadOptions.Default with { MaxFileBytes = file.Length + 1000 });
        Assert.True(rows.Count < 1999);
        Assert.StartsWith("not a valid XLSX file", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_StopsAHugeSharedStringTableAtTheSizeLimitInBoundedMemoryAndTime()
    {
        // 40 MB of shared strings that zip to well under 1 MB: a zip bomb aimed at the one part held in memory.
        var strings = new StringBuilder(41_000_000);
        for (var i = 0; i < 1_600_000; i++) strings.Append("<si><t>aaaaaaaaaaaaaaa</t></si>");
        var file = Xlsx("""<row r="1"><c r="A1" t="s"><v>0</v></c></row>""", strings.ToString());
        strings.Clear();
        var options = SpreadsheetReadOptions.Default with { MaxFileBytes = 4 * 1024 * 1024 };
        Assert.True(file.Length < options.MaxFileBytes);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (table, rows) = ReadAll(file, options);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Empty(rows);
        Assert.StartsWith("not a valid XLSX file", Assert.Single(table.Errors).Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        // The work is in proportion to the limit, not to the 40 MB the part unpacks to.
        Assert.True(allocated < 25 * options.MaxFileBytes, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Read_StreamsAHundredThousandRowWorkbookInBoundedMemory()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(path))
                SpreadsheetWriter.WriteXlsx(file, ["id", "name", "email"], Enumerable.Range(0, 100_000).Select(i => new[] { i.ToString(), $"名前 {i}", $"user{i}@example.jp" }));
            using var table = SpreadsheetReader.Read(path);
            long early = 0, late = 0;
            var count = 0;
            foreach (var row in table.Rows)
            {
                if (++count == 1_000) early = GC.GetTotalMemory(forceFullCollection: true);
                if (count == 99_000) late = GC.GetTotalMemory(forceFullCollection: true);
            }
            Assert.Empty(table.Errors);
            Assert.Equal(100_000, count);
            // What is held does not grow with the rows read: nothing but the current row is kept.
            Assert.True(late - early < 8 * 1024 * 1024, $"{early:N0} bytes held after 1,000 rows, {late:N0} after 99,000");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_SurvivesRandomBytes()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length >= 4) new byte[] { 0x50, 0x4B, 0x03, 0x04 }.CopyTo(bytes, 0);
            using var table = SpreadsheetReader.Read(new MemoryStream(bytes));
            _ = table.Rows.Count();
        }
    }

    [Fact]
    public void Read_SurvivesDamagedRealWorkbooks()
    {
        var good = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(good, ["name", "email"], Enumerable.Range(0, 50).Select(i => new[] { $"名前{i}", $"n{i}@example.jp" }));
        var bytes = good.ToArray();
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 5; k++) damaged[random.Next(4, damaged.Length)] = (byte)random.Next(256);
            using var table = SpreadsheetReader.Read(new MemoryStream(damaged));
            _ = table.Rows.Count();
        }
        Assert.Equal(Encoding.UTF8.GetBytes("PK"), bytes[..2]);
    }
}
