using System.Text;
using Nurture.Spreadsheets;
using static Nurture.Spreadsheets.Tests.SpreadsheetFiles;

namespace Nurture.Spreadsheets.Tests;

public sealed class SpreadsheetReaderCsvTests
{
    private const string Japanese = "氏名,会社,メール\r\n田中 太郎,株式会社ナーチャー,taro@example.jp\r\nｽｽﾞｷ,㈱テスト,suzuki@example.jp\r\n";

    public static TheoryData<string, Encoding, bool> Encodings => new()
    {
        { "utf-8 with BOM", new UTF8Encoding(false), true },
        { "utf-8 without BOM", new UTF8Encoding(false), false },
        { "utf-16 LE with BOM", new UnicodeEncoding(false, true), true },
        { "utf-16 BE with BOM", new UnicodeEncoding(true, true), true },
        { "shift_jis", ShiftJis, false },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Read_DetectsTheEncoding(string name, Encoding encoding, bool withBom)
    {
        var (table, rows) = ReadAll(Text(Japanese, encoding, withBom));
        Assert.True(table.Errors.Count == 0, name);
        Assert.Equal(SpreadsheetFormat.Csv, table.Format);
        Assert.Equal(encoding.CodePage, table.Encoding!.CodePage);
        Assert.Equal(["氏名", "会社", "メール"], table.Headers);
        Assert.Equal([["田中 太郎", "株式会社ナーチャー", "taro@example.jp"], ["ｽｽﾞｷ", "㈱テスト", "suzuki@example.jp"]], Cells(rows));
    }

    [Fact]
    public void Read_TellsShiftJisFromUtf8EvenWhenTheFirstMegabyteIsAscii()
    {
        var text = "name\r\n" + string.Concat(Enumerable.Repeat("ascii only\r\n", 100_000)) + "田中\r\n";
        var (table, rows) = ReadAll(Text(text, ShiftJis, withBom: false));
        Assert.Equal(932, table.Encoding!.CodePage);
        Assert.Equal("田中", rows[^1][0]);
    }

    [Fact]
    public void Read_TakesWindows1252ForWesternTextThatIsNotShiftJis()
    {
        var (table, rows) = ReadAll(Text("city;note\r\nZürich;café crème\r\nKöln;naïve façade\r\n", Encoding.GetEncoding(1252), withBom: false));
        Assert.Empty(table.Errors);
        Assert.Equal(1252, table.Encoding!.CodePage);
        Assert.Equal([["Zürich", "café crème"], ["Köln", "naïve façade"]], Cells(rows));
    }

    [Fact]
    public void Read_KeepsUtf8SequencesSplitAcrossBuffers()
    {
        // 65,535 ASCII bytes put the 3-byte 田 across the detector's 64 KiB buffer boundary.
        var text = "h\n" + string.Concat(Enumerable.Repeat("aaaa\n", 13_106)) + "abc田\n";
        var (table, rows) = ReadAll(Utf8(text));
        Assert.Equal(65001, table.Encoding!.CodePage);
        Assert.Equal("abc田", rows[^1][0]);
    }

    [Theory]
    [InlineData("a,b;c\n1,2;3\n", new[] { "1", "2;3" })]
    [InlineData("a;b;c\n1;2,5;3\n", new[] { "1", "2,5", "3" })]
    [InlineData("a\tb\tc\n1\t2\t3\n", new[] { "1", "2", "3" })]
    [InlineData("\"a;x\",b,c\n1,2,3\n", new[] { "1", "2", "3" })]
    [InlineData("name\nTaro;Tanaka\n", new[] { "Taro;Tanaka" })]
    public void Read_DetectsTheDelimiterFromTheHeader(string csv, string[] firstRow)
    {
        var (table, rows) = ReadAll(Utf8(csv));
        Assert.Empty(table.Errors);
        Assert.Equal(firstRow, rows[0].Cells);
    }

    [Fact]
    public void Read_FollowsRfc4180Quoting()
    {
        var csv = "name,note,company\r\n" +
                  "\"Tanaka, Taro\",\"said \"\"hi\"\"\",ACME\r\n" +
                  "\"multi\nline\r\ncell\",,\"\"\r\n" +
                  "plain\"quote,\"closed\"tail,x\r\n";
        var (table, rows) = ReadAll(Utf8(csv));
        Assert.Empty(table.Errors);
        Assert.Equal(
            [["Tanaka, Taro", "said \"hi\"", "ACME"], ["multi\nline\r\ncell", "", ""], ["plain\"quote", "closedtail", "x"]],
            Cells(rows));
        Assert.Equal([2, 3, 4], rows.Select(r => r.RowNumber));
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\n1,2\n3,4\n")]
    [InlineData("a,b\r1,2\r3,4\r")]
    [InlineData("a,b\n1,2\n3,4")]
    public void Read_AcceptsEveryLineEnding(string csv) =>
        Assert.Equal([["1", "2"], ["3", "4"]], Cells(ReadAll(Utf8(csv)).Rows));

    [Fact]
    public void Read_SkipsBlankRowsButCountsThemAsExcelDoes()
    {
        var (table, rows) = ReadAll(Utf8("\n\nname,email\n\nTaro,t@x.jp\n,\n  ,\t\nHana,h@x.jp\n\n"));
        Assert.Equal(["name", "email"], table.Headers);
        Assert.Equal([5, 8], rows.Select(r => r.RowNumber));
        Assert.Equal("Hana", rows[1][0]);
    }

    [Fact]
    public void Read_ReportsAQuoteNeverClosedWithItsRow()
    {
        var (table, rows) = ReadAll(Utf8("name,note\nTaro,ok\nHana,\"broken\nJiro,fine\nSaburo,fine\n"));
        Assert.Equal(["Taro"], rows.Select(r => r[0]));
        var error = Assert.Single(table.Errors);
        Assert.Equal(3, error.RowNumber);
        Assert.Contains("never closed", error.Message);
        Assert.Equal("row 3: a quoted cell in column B is never closed (a \" is missing)", error.ToString());
    }

    [Fact]
    public void Read_ReportsAQuoteNeverClosedInTheHeader()
    {
        var (table, rows) = ReadAll(Utf8("\"name,email\nTaro,t@x.jp\n"));
        Assert.Empty(rows);
        Assert.Empty(table.Headers);
        Assert.Equal(1, Assert.Single(table.Errors).RowNumber);
    }

    [Fact]
    public void Read_StopsAQuoteNeverClosedFromSwallowingMemory()
    {
        var csv = "a,b\n1,\"" + new string('x', 2_000_000);
        var (table, rows) = ReadAll(Utf8(csv), SpreadsheetReadOptions.Default with { MaxCellLength = 1000 });
        Assert.Empty(rows);
        Assert.Contains("never closed", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_CutsACellOverTheLengthLimitAndSaysSo()
    {
        var (table, rows) = ReadAll(Utf8("a,b\nshort," + new string('x', 50) + "\n"), SpreadsheetReadOptions.Default with { MaxCellLength = 10 });
        Assert.Empty(table.Errors);
        Assert.Equal(new string('x', 10), rows[0][1]);
        var error = Assert.Single(rows[0].Errors);
        Assert.Equal((2, 2), (error.RowNumber!.Value, error.Column!.Value));
        Assert.Equal("row 2, column B: cell is longer than 10 characters; the rest is cut off", error.ToString());
    }

    [Fact]
    public void Read_DropsColumnsOverTheLimitAndSaysSoOnce()
    {
        var (table, rows) = ReadAll(Utf8("a,b,c\n1,2,3,4,5,6\n7,8\n"), SpreadsheetReadOptions.Default with { MaxColumns = 3 });
        Assert.Empty(table.Errors);
        Assert.Equal(["1", "2", "3"], rows[0].Cells);
        Assert.Contains("more than 3 columns", Assert.Single(rows[0].Errors).Message);
        Assert.Empty(rows[1].Errors);
    }

    [Fact]
    public void Read_ReportsAHeaderOverTheColumnLimit()
    {
        var (table, _) = ReadAll(Utf8("a,b,c,d\n1,2,3,4\n"), SpreadsheetReadOptions.Default with { MaxColumns = 2 });
        Assert.Equal(["a", "b"], table.Headers);
        Assert.Contains("more than 2 columns", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_StopsAtTheRowLimit()
    {
        var csv = "n\n" + string.Join("\n", Enumerable.Range(1, 20));
        var (table, rows) = ReadAll(Utf8(csv), SpreadsheetReadOptions.Default with { MaxRows = 5 });
        Assert.Equal(5, rows.Count);
        var error = Assert.Single(table.Errors);
        Assert.Equal(7, error.RowNumber);
        Assert.Contains("more than 5 rows", error.Message);
    }

    [Fact]
    public void Read_RefusesAFileOverTheSizeLimit()
    {
        var (table, rows) = ReadAll(Utf8("a,b\n1,2\n"), SpreadsheetReadOptions.Default with { MaxFileBytes = 4 });
        Assert.Empty(rows);
        Assert.StartsWith("file is larger than", Assert.Single(table.Errors).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\n\r\n  \n")]
    [InlineData(",,,\n,\n")]
    public void Read_SaysFileIsEmpty(string content)
    {
        var (table, rows) = ReadAll(Utf8(content));
        Assert.Empty(rows);
        Assert.Empty(table.Headers);
        Assert.Equal("file is empty", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_HeaderOnlyIsZeroRows()
    {
        var (table, rows) = ReadAll(Utf8("name,email\r\n"));
        Assert.Empty(table.Errors);
        Assert.Equal(["name", "email"], table.Headers);
        Assert.Empty(rows);
    }

    [Fact]
    public void Read_TrimsHeadersButNotCells()
    {
        var (table, rows) = ReadAll(Utf8(" name , email \n Taro , t@x.jp \n"));
        Assert.Equal(["name", "email"], table.Headers);
        Assert.Equal([" Taro ", " t@x.jp "], rows[0].Cells);
    }

    [Fact]
    public void Read_PadsShortRowsToTheHeaderAndKeepsLongOnes()
    {
        var (_, rows) = ReadAll(Utf8("a,b,c\n1\n1,2,3,4\n"));
        Assert.Equal(["1", "", ""], rows[0].Cells);
        Assert.Equal(["1", "2", "3", "4"], rows[1].Cells);
    }

    [Fact]
    public void Row_IndexerGivesEmptyTextOutsideTheRow()
    {
        var (_, rows) = ReadAll(Utf8("a\n1\n"));
        Assert.Equal("1", rows[0][0]);
        Assert.Equal("", rows[0][1]);
        Assert.Equal("", rows[0][-1]);
    }

    [Fact]
    public void Rows_CanBeReadOnlyOnce()
    {
        var table = SpreadsheetReader.Read(Utf8("a\n1\n"));
        _ = table.Rows.ToList();
        Assert.Throws<InvalidOperationException>(() => table.Rows);
    }

    [Fact]
    public void Read_AcceptsAStreamThatCannotSeek()
    {
        var (table, rows) = ReadAll(new ForwardOnlyStream(Text(Japanese, ShiftJis, withBom: false).ToArray()));
        Assert.Equal(932, table.Encoding!.CodePage);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void Read_RefusesAnOversizedStreamThatCannotSeek()
    {
        var (table, _) = ReadAll(new ForwardOnlyStream(new byte[1000]), SpreadsheetReadOptions.Default with { MaxFileBytes = 100 });
        Assert.StartsWith("file is larger than", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void Read_FromAPathReadsTheFileAndReportsAMissingOne()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a,b\n1,2\n");
            using (var table = SpreadsheetReader.Read(path)) Assert.Equal(["1", "2"], table.Rows.Single().Cells);
            File.Delete(path);
            using var missing = SpreadsheetReader.Read(path);
            Assert.StartsWith("the file could not be opened", Assert.Single(missing.Errors).Message);
            Assert.Empty(missing.Rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_RefusesOldExcelFiles()
    {
        var (table, _) = ReadAll(new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]));
        Assert.Contains("old .xls", Assert.Single(table.Errors).Message);
    }

    public static TheoryData<string, byte[]> BinaryFiles()
    {
        var random = new byte[4096];
        new Random(5).NextBytes(random);
        return new()
        {
            { "random bytes", random },
            { "a PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. random] },
            { "a few control bytes", [0x00, 0xFF, 0xFE, 0x01, 0x02, 0x03, 0x04] },
            { "UTF-16 without its byte-order mark", Encoding.Unicode.GetBytes("name,email\r\nTaro,t@x.jp\r\n") },
        };
    }

    [Theory]
    [MemberData(nameof(BinaryFiles))]
    public void Read_RefusesBinaryFilesWithAFileError(string name, byte[] content)
    {
        var (table, rows) = ReadAll(new MemoryStream(content));
        Assert.Empty(rows);
        Assert.Contains("binary", Assert.Single(table.Errors).Message, StringComparison.Ordinal);
        Assert.True(table.Headers.Count == 0, name);
    }

    [Fact]
    public void Read_KeepsTheOddControlCharacterInACell()
    {
        var (table, rows) = ReadAll(Utf8("name,note\nTaro,\u0007bell\nHana,nul\u0000\n"));
        Assert.Empty(table.Errors);
        Assert.Equal(["\u0007bell", "nul\u0000"], rows.Select(r => r[1]));
    }

    [Fact]
    public void Read_StopsARowLongerThanTheRecordLimitWithAFileError()
    {
        // Quotes balanced, but one row of 200,000 characters: the reader gives up on it instead of growing without end.
        var csv = "a,b\n1,2\n" + string.Join(",", Enumerable.Repeat(new string('x', 1000), 200)) + "\n3,4\n";
        var (table, rows) = ReadAll(Utf8(csv), SpreadsheetReadOptions.Default with { MaxCellLength = 1000 });
        Assert.Equal(["1"], rows.Select(r => r[0]));
        var error = Assert.Single(table.Errors);
        Assert.Equal(3, error.RowNumber);
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b\n1,2\n", ',')]
    [InlineData("a;b\n1;2\n", ';')]
    [InlineData("a\tb\n1\t2\n", '\t')]
    public void Read_SaysWhichDelimiterItFound(string csv, char delimiter) =>
        Assert.Equal(delimiter, ReadAll(Utf8(csv)).Table.Delimiter);

    [Fact]
    public void Rows_SayHowManyCellsTheFileGaveBeforePadding()
    {
        var (_, rows) = ReadAll(Utf8("a,b,c\n1\n1,2,3,4\n"));
        Assert.Equal([1, 4], rows.Select(r => r.Width));
    }

    [Fact]
    public void Read_RefusesInvalidLimits() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SpreadsheetReader.Read(Utf8("a"), SpreadsheetReadOptions.Default with { MaxColumns = 0 }));

    [Fact]
    public void Read_StreamsAHundredThousandRows()
    {
        var rows = 0;
        using var table = SpreadsheetReader.Read(new GeneratedCsvStream(100_000));
        foreach (var row in table.Rows)
        {
            rows++;
            Assert.Equal(rows + 1, row.RowNumber);
        }
        Assert.Empty(table.Errors);
        Assert.Equal(100_000, rows);
    }

    /// <summary>A seekable CSV produced on demand, never held as one string, for the volume test.</summary>
    private sealed class GeneratedCsvStream(int rows) : Stream
    {
        private static readonly byte[] Header = Encoding.UTF8.GetBytes("id,name,email,company\r\n");
        private static readonly byte[] Row = Encoding.UTF8.GetBytes("000000,田中 太郎,taro@example.jp,\"株式会社ナーチャー, 東京\"\r\n");
        public override long Length { get; } = Header.Length + (long)Row.Length * rows;
        public override long Position { get; set; }
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = 0;
            for (; n < count && Position < Length; n++, Position++)
                buffer[offset + n] = Position < Header.Length ? Header[Position] : Row[(Position - Header.Length) % Row.Length];
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) =>
            Position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => Position + offset, _ => Length + offset };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A stream that can only be read forwards, like an HTTP request body.</summary>
internal sealed class ForwardOnlyStream(byte[] content) : Stream
{
    private readonly MemoryStream _inner = new(content);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
