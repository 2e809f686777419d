using System.Text;

namespace Nurture.Spreadsheets;

/// <summary>
/// A CSV file's delimiter: the one of , ; and tab that occurs most often outside quotes in its header (the first
/// line that is not empty), comma on a tie or when none does. CsvHelper can detect it too, but by consistency over
/// 32 lines and with | among the candidates, so a one-column list whose cells hold semicolons would be split.
/// </summary>
internal static class CsvDelimiter
{
    private static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>Decides from the sample, the first characters of the file.</summary>
    public static char Detect(ReadOnlySpan<char> sample)
    {
        var counts = new int[Candidates.Length];
        var inQuotes = false;
        var i = 0;
        while (i < sample.Length && sample[i] is '\r' or '\n') i++;
        for (; i < sample.Length; i++)
        {
            var c = sample[i];
            if (c == '"') inQuotes = !inQuotes;
            else if (!inQuotes && c is '\r' or '\n') break;
            else if (!inQuotes && Array.IndexOf(Candidates, c) is var index and >= 0) counts[index]++;
        }
        var best = 0;
        for (var k = 1; k < counts.Length; k++) if (counts[k] > counts[best]) best = k;
        return Candidates[best];
    }
}
