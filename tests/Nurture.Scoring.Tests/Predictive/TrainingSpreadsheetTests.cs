using System.Text;
using Nurture.Scoring.Predictive;
using Nurture.Spreadsheets;

namespace Nurture.Scoring.Tests.Predictive;

public sealed class TrainingSpreadsheetTests
{
    private static TrainingTable Read(string csv, string label = "converted", SpreadsheetReadOptions? limits = null, bool bom = false) =>
        TrainingSpreadsheet.Read([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(csv)], label, limits);

    private static string? Cell(TrainingTable table, int row, string column) =>
        table.Rows[row].Values[table.Columns.ToList().FindIndex(c => c.Name == column)]?.ToString();

    private static TrainingDataError Refused(Action read) => Assert.Single(Assert.Throws<TrainingDataException>(read).Errors);

    [Fact]
    public void QuotedFields_HoldCommasNewlinesAndDoubledQuotes_WithBomAndCrlf()
    {
        var table = Read("converted,note,\"title, with comma\"\r\n" +
                         "1,\"line one\r\nline two\",\"say \"\"hi\"\"\"\r\n" +
                         "0,plain,\"a,b\"\r\n", bom: true);

        Assert.Equal("converted", table.LabelColumn); // the BOM is not part of the first header name
        Assert.Equal(["note", "title, with comma"], table.Columns.Select(c => c.Name));
        Assert.Equal("line one\r\nline two", Cell(table, 0, "note"));
        Assert.Equal("say \"hi\"", Cell(table, 0, "title, with comma"));
        Assert.Equal("a,b", Cell(table, 1, "title, with comma"));
        Assert.Equal([true, false], table.Rows.Select(r => r.Label));
        Assert.Contains("utf-8", table.Source);
    }

    [Fact]
    public void BlanksAndPlaceholders_AreMissing_AndDoNotMakeANumericColumnCategorical()
    {
        var table = Read("converted,size,title\n1,10,CTO\n0,Select,-\n1,,N/A\n0,(none),未選択\n1,n/a,null\n0,2.5e1,\" \"\n");

        Assert.Equal(FeatureKind.Numeric, table.Columns[0].Kind);
        Assert.Equal([10, null, null, null, null, 25], table.Rows.Select(r => r.Values[0]?.Number));
        Assert.Equal(["CTO", null, null, null, null, null], table.Rows.Select(r => r.Values[1]?.Text));
    }

    [Fact]
    public void ColumnKinds_NumericOnlyWhenEveryValueIsANumber_FormulasAndNonAsciiAreText()
    {
        var table = Read("converted,mixed,formula,name,empty\n" +
                         "yes,12,\"=HYPERLINK(\"\"http://x\"\")\",東京 🚀,\n" +
                         "no,abc,=1+2,Zürich,\n");

        Assert.Equal([FeatureKind.Categorical, FeatureKind.Categorical, FeatureKind.Categorical], table.Columns.Select(c => c.Kind));
        Assert.Equal("=HYPERLINK(\"http://x\")", Cell(table, 0, "formula"));
        Assert.Equal("東京 🚀", Cell(table, 0, "name"));
        Assert.Equal("Zürich", Cell(table, 1, "name"));
        Assert.Equal(["empty"], table.IgnoredColumns);
    }

    [Fact]
    public void RaggedRowsAndUnknownLabels_AreSkippedAndCountedWithRowNumbers()
    {
        var table = Read("converted,a,b\n1,x,y\n0,x\n\n1,x,y,z\nmaybe,x,y\nWON,x,y\nLost,x,y\n");

        Assert.Equal(3, table.Rows.Count);
        Assert.Equal([true, true, false], table.Rows.Select(r => r.Label));
        Assert.Equal(3, table.SkippedCount);
        var ragged = table.Skipped.Single(s => s.Reason.Contains("cells", StringComparison.Ordinal));
        Assert.Equal(["row 3: 2 cells", "row 5: 4 cells"], ragged.Examples);
        var unlabelled = table.Skipped.Single(s => s.Reason.Contains("label", StringComparison.Ordinal));
        Assert.Equal(["row 6: maybe"], unlabelled.Examples);
    }

    [Fact]
    public void LabelColumn_IsFoundIgnoringCaseAndPunctuation_OtherwiseNamedWithTheColumnsThereAre()
    {
        Assert.Equal("Is Converted?", Read("Is Converted?,a\n1,x\n", label: "is_converted").LabelColumn);

        var error = Refused(() => Read("a,b,c\n1,2,3\n", label: "won"));
        Assert.Equal("label", error.Field);
        Assert.Contains("\"won\" is not in the header; the columns are \"a\", \"b\", \"c\"", error.Reason);

        Assert.Contains("single column", Refused(() => Read("a|b|converted\n1|2|3\n")).Reason);
        Assert.Equal("label", Refused(() => Read("a,b\n1,2\n", label: " ")).Field);
    }

    [Fact]
    public void SemicolonSeparatedAndShiftJis_AreRead()
    {
        var table = Read("converted;価格;title\n1;1,5;CTO\n0;2;CEO\n");
        Assert.Equal(["価格", "title"], table.Columns.Select(c => c.Name));
        Assert.Equal("1,5", Cell(table, 0, "価格")); // a decimal comma is text: numbers are invariant culture

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sjis = Encoding.GetEncoding(932).GetBytes("converted,役職\n1,部長\n0,エンジニア\n");
        var japanese = TrainingSpreadsheet.Read(sjis, "converted");
        Assert.Equal("役職", japanese.Columns[0].Name);
        Assert.Equal("エンジニア", japanese.Rows[1].Values[0]?.Text);
        Assert.Contains("shift_jis", japanese.Source);

        // Excel's "CSV" in the West: Windows-1252.
        var western = TrainingSpreadsheet.Read(Encoding.GetEncoding(1252).GetBytes("converted,stadt\n1,Zürich\n0,Köln\n"), "converted");
        Assert.Equal("Zürich", western.Rows[0].Values[0]?.Text);
        Assert.Contains("windows-1252", western.Source);

        // Excel's "Unicode text": UTF-16 with a BOM, tab separated.
        var utf16 = TrainingSpreadsheet.Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("converted\tstadt\n1\tKöln\n")], "converted");
        Assert.Equal("Köln", utf16.Rows[0].Values[0]?.Text);
        Assert.Contains("tab separated", utf16.Source);
    }

    [Fact]
    public void BrokenFiles_AreRefusedWithTheReason()
    {
        // The reader's own words, the same an import shows.
        Assert.Equal(new TrainingDataError("file", "file is empty"), Refused(() => TrainingSpreadsheet.Read([], "converted")));
        Assert.Equal(new TrainingDataError("file", "file is empty"), Refused(() => Read("\n\r\n\n")));
        Assert.Equal("row 3: a quoted cell in column B is never closed (a \" is missing)", Refused(() => Read("converted,a\n1,x\n0,\"open\n1,y\n")).Reason);
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        Assert.Contains("binary", Refused(() => TrainingSpreadsheet.Read([0x89, 0x50, 0x4E, 0x47, .. junk], "converted")).Reason);
        // Starts like a zip: read as XLSX now, and refused as a damaged one.
        Assert.Contains("not a valid XLSX file", Refused(() => TrainingSpreadsheet.Read([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00], "converted")).Reason);
        Assert.Contains("column 3 \"Job-Title\" has the same name as column 2 \"job title\"", Refused(() => Read("converted,job title,Job-Title\n1,a,b\n")).Reason);
    }

    [Fact]
    public void Limits_OnBytesColumnsAndRows_AreErrorsNamingTheLimit()
    {
        var limits = SpreadsheetReadOptions.Default with { MaxFileBytes = 100, MaxColumns = 3, MaxRows = 2 };
        Assert.Contains("file is larger than", Refused(() => Read(new string('x', 101), limits: limits)).Reason);
        Assert.Contains("more than 3 columns", Refused(() => Read("converted,a,b,c\n", limits: limits)).Reason);
        Assert.Equal("row 4: more than 2 rows; split the file and import the rest separately", Refused(() => Read("converted,a\n1,x\n0,y\n1,z\n", limits: limits)).Reason);
        Assert.Equal(10 * 1024 * 1024, TrainingSpreadsheet.DefaultLimits.MaxFileBytes);
    }

    [Fact]
    public void Xlsx_IsReadLikeCsv_EmptyTrailingCellsAreNotRagged()
    {
        var file = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(file, ["converted", "title", "note"],
            [["1", "CTO", "said \"hi\""], ["0", "Engineer", null], ["maybe", "CEO", "x"], ["no", "東京 🚀", "x", "extra"]]);
        var table = TrainingSpreadsheet.Read(file.ToArray(), "converted");

        Assert.Equal("XLSX, first sheet", table.Source);
        Assert.Equal([true, false], table.Rows.Select(r => r.Label));
        Assert.Equal("CTO", Cell(table, 0, "title"));
        Assert.Null(Cell(table, 1, "note"));
        Assert.Equal(["row 5: 4 cells"], table.Skipped.Single(s => s.Reason.Contains("cells", StringComparison.Ordinal)).Examples);
        Assert.Equal(["row 4: maybe"], table.Skipped.Single(s => s.Reason.Contains("label", StringComparison.Ordinal)).Examples);
    }
}
