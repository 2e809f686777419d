using System.Text;

namespace Nurture.Spreadsheets;

/// <summary>
/// Finds a CSV file's encoding from its bytes: a byte-order mark (UTF-8, UTF-16 LE/BE), else UTF-8 if every
/// byte sequence is valid UTF-8, else Shift_JIS (code page 932, Windows' variant), which is what Japanese
/// Excel writes when told to save as CSV, if every sequence is valid Shift_JIS, else Windows-1252, what Excel
/// writes in the West. Reads the stream to its end once or twice and puts it back after the mark.
/// </summary>
internal static class TextEncodingDetector
{
    public const int ShiftJisCodePage = 932;
    public const int WesternCodePage = 1252;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Detect(Stream stream)
    {
        var start = stream.Position;
        Span<byte> head = stackalloc byte[3];
        var read = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        (Encoding Encoding, int MarkLength) found = head[..read] switch
        {
            [0xEF, 0xBB, 0xBF] => (new UTF8Encoding(false), 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2),
            _ => (IsValid(stream, start, new UTF8Encoding(false, throwOnInvalidBytes: true)) ? new UTF8Encoding(false)
                : IsValid(stream, start, Encoding.GetEncoding(ShiftJisCodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback))
                    ? Encoding.GetEncoding(ShiftJisCodePage)
                    : Encoding.GetEncoding(WesternCodePage), 0),
        };
        stream.Position = start + found.MarkLength;
        return found.Encoding;
    }

    /// <summary>Whether every byte from the start decodes in the encoding, which must throw on invalid bytes.</summary>
    private static bool IsValid(Stream stream, long start, Encoding strict)
    {
        stream.Position = start;
        var decoder = strict.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[strict.GetMaxCharCount(bytes.Length)];
        try
        {
            // GetChars, not GetCharCount: only GetChars carries a sequence split between two buffers over.
            int read;
            while ((read = stream.Read(bytes)) > 0) decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
