using System.Text;

namespace Nurture.Spreadsheets;

/// <summary>The first characters of a text file, decoded, for deciding what the file is before it is read.</summary>
internal static class TextSample
{
    private const int SampleBytes = 64 * 1024;

    /// <summary>Decodes up to 64 KiB from the stream's position and puts the stream back.</summary>
    public static string Read(Stream stream, Encoding encoding)
    {
        var start = stream.Position;
        var bytes = new byte[SampleBytes];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var chars = new char[encoding.GetMaxCharCount(read)];
        // flush: false, so a character cut at the end of the sample is left out rather than replaced.
        var length = encoding.GetDecoder().GetChars(bytes, 0, read, chars, 0, flush: false);
        return new string(chars, 0, length);
    }

    /// <summary>
    /// Whether the sample is binary rather than text. Text has few control characters besides tab and line breaks:
    /// more than one in ten is binary (UTF-16 without its byte-order mark too). A file that is neither UTF-8 nor
    /// UTF-16 is taken for Shift_JIS or Windows-1252 only because nothing else fit, so there a single NUL says it is
    /// not text. A
    /// UTF-8 CSV with the odd NUL or bell in a cell (our own exports keep them) still reads.
    /// </summary>
    public static bool LooksBinary(string sample, bool encodingGuessed)
    {
        var controls = 0;
        foreach (var c in sample)
        {
            if (c == '\0' && encodingGuessed) return true;
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) controls++;
        }
        return controls > 0 && controls >= sample.Length / 10;
    }
}
