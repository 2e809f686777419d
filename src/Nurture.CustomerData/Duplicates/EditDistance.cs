namespace Nurture.CustomerData.Duplicates;

/// <summary>
/// Damerau–Levenshtein distance (the optimal-string-alignment variant): insertions, deletions, substitutions
/// and swaps of two neighbours each cost one, the typing mistakes that make "Tanaka" into "Tanaak".
/// </summary>
public static class EditDistance
{
    private const int StackLimit = 256;

    public static int DamerauLevenshtein(string a, string b) => DamerauLevenshtein(a, b, int.MaxValue);

    /// <summary>
    /// The distance, or <paramref name="max"/> + 1 as soon as it is certain to be larger: telling "one typo"
    /// from "another name" needs no more, and most pairs stop after a few rows.
    /// </summary>
    public static int DamerauLevenshtein(string a, string b, int max)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        // No distance exceeds the longer length; a larger bound would only risk overflow.
        max = Math.Min(max, Math.Max(a.Length, b.Length));
        if (string.Equals(a, b, StringComparison.Ordinal)) return 0;
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length == 0 || b.Length == 0) return Math.Max(a.Length, b.Length);

        // Three rows suffice: the one being filled, the previous one, and the one before it for swaps. Only a
        // band of cells within max of the diagonal can stay within max; cells outside it read as max + 1.
        var beyond = max + 1;
        var width = b.Length + 1;
        var rows = width * 3 <= StackLimit ? stackalloc int[width * 3] : new int[width * 3];
        rows.Fill(beyond);
        var before = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(width * 2, width);
        for (var j = 0; j < width && j <= max; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - max);
            var to = (int)Math.Min(b.Length, (long)i + max);
            current[from - 1] = from == 1 ? i : beyond;
            if (to < b.Length) current[to + 1] = beyond;
            var rowMinimum = current[from - 1];
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, before[j - 2] + 1);
                current[j] = Math.Min(value, beyond);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }
            // No row has a smaller minimum than the row above it, so once past max it stays past.
            if (rowMinimum > max) return beyond;
            var recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }
}
