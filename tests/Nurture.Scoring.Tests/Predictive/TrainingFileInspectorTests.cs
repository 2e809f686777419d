using System.IO.Compression;
using System.Text;
using Nurture.Scoring.Predictive;
using Nurture.Spreadsheets;

namespace Nurture.Scoring.Tests.Predictive;

public sealed class TrainingFileInspectorTests
{
    private static SpreadsheetInspection Inspect(string csv, SpreadsheetReadOptions? limits = null) =>
        TrainingFileInspector.Inspect(Encoding.UTF8.GetBytes(csv), limits, "leads.csv");

    private static ColumnProfile Column(SpreadsheetInspection inspection, string name) => inspection.Columns.Single(c => c.Name == name);

    private static TrainingDataError Refused(Action read) => Assert.Single(Assert.Throws<TrainingDataException>(read).Errors);

    /// <summary>40 rows: an id, an email, a yes/no outcome, a number, a category, a date, long and short free text, names, an empty column.</summary>
    private static string Crm()
    {
        var csv = new StringBuilder("Lead ID,Email,Won?,Pricing visits,Job title,Signed up,Notes,Fax,Comment,Name\n");
        for (var i = 0; i < 40; i++)
        {
            csv.Append(1000 + i).Append(',')
                .Append($"person{i}@example.com,")
                .Append(i % 3 == 0 ? "yes" : "no").Append(',')
                .Append(i % 7).Append(',')
                .Append(i % 4 == 0 ? "CTO" : i % 4 == 1 ? "Engineer" : i % 4 == 2 ? "N/A" : "Student").Append(',')
                .Append($"2026-0{1 + i % 9}-1{i % 10}").Append(',')
                .Append($"\"Met at the booth on day {i}, wants a call back about the enterprise plan and pricing for {i} seats\"").Append(',')
                .Append(',')
                .Append($"Asked for {i} seats by Friday,")
                .Append($"Taro Yamada{i}")
                .Append('\n');
        }
        return csv.ToString();
    }

    [Fact]
    public void Columns_GetTheirKinds_SamplesAndWhetherTheyAreUsed()
    {
        var inspection = Inspect(Crm());

        Assert.Equal("leads.csv: CSV, utf-8, ',' separated", inspection.Source);
        Assert.Equal((40, 0), (inspection.Rows, inspection.RaggedRows));
        Assert.Equal(
            [ColumnKind.IdLike, ColumnKind.IdLike, ColumnKind.YesNo, ColumnKind.Number, ColumnKind.Category, ColumnKind.Date, ColumnKind.Text, ColumnKind.Empty,
             ColumnKind.Text, ColumnKind.IdLike],
            inspection.Columns.Select(c => c.Kind));
        Assert.Equal([false, false, true, true, true, false, false, false, false, false], inspection.Columns.Select(c => c.UsedByDefault));
        Assert.All(inspection.Columns.Where(c => !c.UsedByDefault), c => Assert.False(string.IsNullOrWhiteSpace(c.Note)));
        Assert.Equal("Won?", inspection.SuggestedLabel);

        var title = Column(inspection, "Job title");
        Assert.Equal((30, 3), (title.Filled, title.Distinct)); // "N/A" is no value
        Assert.Equal(["CTO", "Engineer", "Student"], title.Samples);
        Assert.Equal([("no", 26, (bool?)false), ("yes", 14, true)], Column(inspection, "Won?").Values!.Select(v => (v.Value, v.Count, v.Outcome)));
        Assert.Null(Column(inspection, "Email").Values); // 40 different values: not offered as an outcome
        Assert.All(Column(inspection, "Notes").Samples, s => Assert.True(s.Length <= 41, s));
    }

    [Fact]
    public void SuggestedLabel_PrefersAYesNoColumnNamedLikeAnOutcome_ThenAStatusColumn_ElseNone()
    {
        Assert.Equal("受注", Inspect("newsletter,受注,visits\nyes,はい,1\nno,いいえ,2\n").SuggestedLabel);
        Assert.Equal("Deal status", Inspect("Deal status,visits\nWon,1\nLost,2\nOpen,3\n").SuggestedLabel);
        Assert.Equal("subscribed", Inspect("subscribed,visits\ntrue,1\nfalse,2\n").SuggestedLabel);
        Assert.Null(Inspect("a,b,visits\ntrue,yes,1\nfalse,no,2\n").SuggestedLabel);
    }

    [Fact]
    public void HostileCells_AreShownAsText_OnOneLine()
    {
        var inspection = Inspect("converted,Website,Note\n1,\"=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\",\"line one\r\nline two\"\n0,@SUM(A1),東京 🚀\n");

        Assert.Equal(["=HYPERLINK(\"http://x\",\"x\")", "@SUM(A1)"], Column(inspection, "Website").Samples);
        Assert.Equal(["line one line two", "東京 🚀"], Column(inspection, "Note").Samples);
    }

    [Fact]
    public void XlsxFormulaCells_ShowTheirCachedValue_NotTheFormula()
    {
        var inspection = TrainingFileInspector.Inspect(Xlsx("""
            <row r="1"><c r="A1" t="inlineStr"><is><t>Won?</t></is></c><c r="B1" t="inlineStr"><is><t>Site</t></is></c><c r="C1" t="inlineStr"><is><t>Visits</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>yes</t></is></c><c r="B2" t="str"><f>HYPERLINK("http://evil.example","click")</f><v>click</v></c><c r="C2"><f>1+2</f><v>3</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>no</t></is></c><c r="B3" t="inlineStr"><is><t>=cmd|' /C calc'!A0</t></is></c><c r="C3"><v>1</v></c></row>
            """), fileName: "leads.xlsx");

        Assert.Equal("leads.xlsx: XLSX, first sheet", inspection.Source);
        Assert.Equal(["click", "=cmd|' /C calc'!A0"], Column(inspection, "Site").Samples);
        Assert.Equal(ColumnKind.Number, Column(inspection, "Visits").Kind);
        Assert.Equal("Won?", inspection.SuggestedLabel);
    }

    /// <summary>A minimal XLSX (an OpenXML package with one worksheet) holding the given rows.</summary>
    private static byte[] Xlsx(string rows)
    {
        (string Path, string Content)[] parts =
        [
            ("[Content_Types].xml", """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
                """),
            ("_rels/.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """),
            ("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"""),
        ];
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public void ShiftJisHeaders_AreRead()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var inspection = TrainingFileInspector.Inspect(Encoding.GetEncoding(932).GetBytes("成約,役職,価格ページ閲覧数\nはい,部長,3\nいいえ,エンジニア,0\n"));

        Assert.Equal(["成約", "役職", "価格ページ閲覧数"], inspection.Columns.Select(c => c.Name));
        Assert.Contains("shift_jis", inspection.Source);
        Assert.Equal("成約", inspection.SuggestedLabel);
        Assert.Equal(["部長", "エンジニア"], Column(inspection, "役職").Samples);
    }

    [Fact]
    public void BrokenFiles_AreRefusedAsTrainingIs()
    {
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        Assert.Contains("binary", Refused(() => TrainingFileInspector.Inspect([0x89, 0x50, 0x4E, 0x47, .. junk])).Reason);
        Assert.Equal("file is empty", Refused(() => TrainingFileInspector.Inspect([])).Reason);
        Assert.Equal("has a header row but no data rows", Refused(() => Inspect("converted,a\n")).Reason);
        Assert.Contains("no row with as many cells as the header's 3", Refused(() => Inspect("converted,a,b\n1,2\n0,1\n")).Reason);
        Assert.Contains("never closed", Refused(() => Inspect("converted,a\n1,\"open\n0,x\n")).Reason);
        Assert.Contains("has the same name as column 2", Refused(() => Inspect("converted,job title,Job-Title\n1,a,b\n")).Reason);
        Assert.Contains("more than 2 rows", Refused(() => Inspect("converted,a\n1,x\n0,y\n1,z\n", SpreadsheetReadOptions.Default with { MaxRows = 2 })).Reason);
        Assert.Contains("more than 3 columns", Refused(() => Inspect("converted,a,b,c\n1,2,3,4\n", SpreadsheetReadOptions.Default with { MaxColumns = 3 })).Reason);
    }

    [Fact]
    public void ManyDifferentValues_AreCountedUpToTheCap()
    {
        var csv = new StringBuilder("converted,code\n");
        for (var i = 0; i < TrainingFileInspector.DistinctCap + 100; i++) csv.Append(i % 2).Append(",c").Append(i).Append('\n');
        var code = Column(Inspect(csv.ToString()), "code");

        Assert.Equal(TrainingFileInspector.DistinctCap, code.Distinct);
        Assert.Equal(ColumnKind.IdLike, code.Kind);
        Assert.Null(code.Values);
    }
}
