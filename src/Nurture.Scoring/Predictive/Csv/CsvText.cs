using System.Text;

namespace Nurture.Scoring.Predictive.Csv;

/// <summary>
/// Turns uploaded bytes into text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such;
/// otherwise Shift_JIS when that decodes cleanly and yields Japanese kana (Excel's default in Japan), then
/// Windows-1252 (Excel's default in the West). Anything with NUL or many control characters is binary.
/// </summary>
internal static class CsvText
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static CsvText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new TrainingDataException("file", "is empty");
        var (text, encoding) = DecodeText(bytes);
        RefuseBinary(text);
        return (text, encoding);
    }

    private static (string, string) DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (Strict(StrictUtf8, bytes[3..], "UTF-8"), "utf-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (Strict(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16"), "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (Strict(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16"), "utf-16be");
        if (TryDecode(StrictUtf8, bytes) is { } utf8) return (utf8, "utf-8");
        if (TryDecode(Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), bytes) is { } sjis
            && sjis.Any(c => c is >= '\u3040' and <= '\u30FF'))
            return (sjis, "shift_jis");
        if (TryDecode(Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), bytes) is { } western)
            return (western, "windows-1252");
        throw new TrainingDataException("file", "is not text in UTF-8, Shift_JIS or Windows-1252; export the sheet as \"CSV UTF-8\"");
    }

    private static string Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string name) =>
        TryDecode(encoding, bytes) ?? throw new TrainingDataException("file", $"starts with a {name} byte order mark but is not valid {name}");

    private static string? TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Text files have no NUL and almost no control characters; images, zips and spreadsheets (.xlsx) do.</summary>
    private static void RefuseBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 65536));
        var controls = 0;
        foreach (var c in sample)
        {
            if (c == '\0') throw new TrainingDataException("file", "is binary, not CSV text (it contains NUL bytes); upload a .csv file, not .xlsx");
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f' or '\v')) controls++;
        }
        if (controls > sample.Length / 100)
            throw new TrainingDataException("file", "is binary, not CSV text (it is full of control characters); upload a .csv file");
    }
}
