namespace Nurture.Spreadsheets;

/// <summary>Excel's column letters (A, Z, AA, XFD) and the cell references built from them (B7).</summary>
internal static class ExcelColumn
{
    // XFD, Excel's last column; a longer reference in a file is damage or an attack, not data.
    private const int MaxColumnIndex = 16_383;

    public static string ToLetters(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var letters = new Stack<char>();
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters.Push((char)('A' + (n - 1) % 26));
        return new string(letters.ToArray());
    }

    /// <summary>The 0-based column of a reference such as "AB12", or false when it has no valid letters.</summary>
    public static bool TryParseIndex(string? cellReference, out int index)
    {
        index = -1;
        if (string.IsNullOrEmpty(cellReference)) return false;
        var n = 0;
        var i = 0;
        for (; i < cellReference.Length && char.IsAsciiLetter(cellReference[i]); i++)
        {
            n = n * 26 + (char.ToUpperInvariant(cellReference[i]) - 'A' + 1);
            if (n - 1 > MaxColumnIndex) return false;
        }
        if (i == 0) return false;
        index = n - 1;
        return true;
    }
}
