namespace Nurture.Abstractions;

/// <summary>Checks on text from outside (events, API bodies, imported traits) before it is stored.</summary>
public static class UnicodeText
{
    /// <summary>True when the text holds half of a surrogate pair, which has no UTF-8 form.</summary>
    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }
}
