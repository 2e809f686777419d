using System.Globalization;

namespace Nurture.Spreadsheets;

/// <summary>
/// Opens a customer list exported from Excel or Google Sheets, CSV or XLSX, told apart by content (an XLSX is
/// a zip and starts with "PK\x03\x04"), not by file name. Never throws for what is in the file: every problem
/// ends up in <see cref="SpreadsheetTable.Errors"/> or on the row it concerns.
/// </summary>
public static class SpreadsheetReader
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OldExcelMagic = [0xD0, 0xCF, 0x11, 0xE0];

    public static SpreadsheetTable Read(string path, SpreadsheetReadOptions? options = null)
    {
        options ??= SpreadsheetReadOptions.Default;
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SpreadsheetTable.Unreadable("the file could not be opened: " + e.Message, options);
        }
        return Open(file, options, file);
    }

    /// <summary>Reads from the stream's current position; the stream stays open when the table is disposed.</summary>
    public static SpreadsheetTable Read(Stream stream, SpreadsheetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= SpreadsheetReadOptions.Default;
        if (stream.CanSeek) return Open(stream, options, owned: null);
        // Format and encoding detection look ahead, so a stream that cannot seek is first copied, within the size limit.
        var copy = new MemoryStream();
        try
        {
            CopyAtMost(stream, copy, options.MaxFileBytes + 1);
        }
        catch (IOException e)
        {
            return SpreadsheetTable.Unreadable("the file could not be read: " + e.Message, options);
        }
        copy.Position = 0;
        return Open(copy, options, copy);
    }

    private static SpreadsheetTable Open(Stream stream, SpreadsheetReadOptions options, IDisposable? owned)
    {
        options.Validate();
        try
        {
            var size = stream.Length - stream.Position;
            if (size == 0) return SpreadsheetTable.Unreadable("file is empty", options, owned);
            if (size > options.MaxFileBytes)
                return SpreadsheetTable.Unreadable(
                    string.Create(CultureInfo.InvariantCulture, $"file is larger than {options.MaxFileBytes / (1024 * 1024.0):0.#} MB"), options, owned);

            var start = stream.Position;
            Span<byte> head = stackalloc byte[4];
            var headLength = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            stream.Position = start;
            if (head[..headLength].SequenceEqual(OldExcelMagic))
                return SpreadsheetTable.Unreadable("this is an old .xls file; save it as .xlsx or CSV and try again", options, owned);
            return head[..headLength].SequenceEqual(ZipMagic) ? OpenXlsx(stream, options, owned) : OpenCsv(stream, options, owned);
        }
        catch (IOException e)
        {
            return SpreadsheetTable.Unreadable("the file could not be read: " + e.Message, options, owned);
        }
    }

    private static SpreadsheetTable OpenCsv(Stream stream, SpreadsheetReadOptions options, IDisposable? owned)
    {
        var encoding = TextEncodingDetector.Detect(stream);
        var sample = TextSample.Read(stream, encoding);
        if (TextSample.LooksBinary(sample, encodingGuessed: encoding.CodePage is TextEncodingDetector.ShiftJisCodePage or TextEncodingDetector.WesternCodePage))
            return SpreadsheetTable.Unreadable("the file is binary, not CSV text or an XLSX workbook; export the sheet as CSV UTF-8 or XLSX", options, owned);
        var delimiter = CsvDelimiter.Detect(sample);
        var csv = new CsvRecordReader(stream, encoding, delimiter, options);
        return new SpreadsheetTable(SpreadsheetFormat.Csv, encoding, delimiter, csv.ReadAll(), options, Both(csv, owned));
    }

    private static SpreadsheetTable OpenXlsx(Stream stream, SpreadsheetReadOptions options, IDisposable? owned)
    {
        XlsxRecordReader xlsx;
        try
        {
            xlsx = new XlsxRecordReader(stream, options);
        }
        catch (UnreadableFileException e)
        {
            return SpreadsheetTable.Unreadable(e.Message, options, owned);
        }
        return new SpreadsheetTable(SpreadsheetFormat.Xlsx, null, null, xlsx.ReadAll(), options, Both(xlsx, owned));
    }

    private static void CopyAtMost(Stream from, Stream to, long limit)
    {
        var buffer = new byte[81920];
        int read;
        while (to.Length < limit && (read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - to.Length))) > 0) to.Write(buffer, 0, read);
    }

    private static Disposables Both(IDisposable first, IDisposable? second) => new Disposables(first, second);

    private sealed class Disposables(IDisposable first, IDisposable? second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second?.Dispose();
        }
    }
}
