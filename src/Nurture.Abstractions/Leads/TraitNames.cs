using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.Abstractions.Leads;

/// <summary>
/// What a trait may be called, for every door (API, import, tracker, segments, scoring rules): 1-64
/// lower-case letters, digits or <c>_</c>, starting with a letter. Names from a web page (form field
/// names, the tracker's <c>jobTitle</c>) are turned into such names by <see cref="FromPublic"/>.
/// </summary>
public static partial class TraitNames
{
    public const int MaxLength = 64;
    public const string Rule = "trait names are 1-64 lower-case letters, digits or _ and start with a letter";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    /// <summary>
    /// The trait name for a name a web page gave: camelCase split at its humps ("jobTitle" → "job_title",
    /// "HTMLForm" → "html_form"), lower-cased, every run of other characters one "_" ("Company Name",
    /// "company-name" → "company_name"), leading digits and "_" dropped, cut to 64. Null when nothing is
    /// left (a name of only symbols or of non-Latin letters, such as "会社名").
    /// </summary>
    public static string? FromPublic(string raw)
    {
        if (IsValid(raw)) return raw;
        var text = new StringBuilder(raw.Length + 8);
        var pendingUnderscore = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var hump = char.IsAsciiLetterUpper(c) && i > 0 &&
                           (char.IsAsciiLetterLower(raw[i - 1]) || char.IsAsciiDigit(raw[i - 1]) ||
                            (char.IsAsciiLetterUpper(raw[i - 1]) && i + 1 < raw.Length && char.IsAsciiLetterLower(raw[i + 1])));
                if ((pendingUnderscore || hump) && text.Length > 0) text.Append('_');
                pendingUnderscore = false;
                // Only a letter may start the name: leading digits are dropped.
                if (text.Length == 0 && !char.IsAsciiLetter(c)) continue;
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingUnderscore = true;
            }
        }
        if (text.Length > MaxLength) text.Length = MaxLength;
        var name = text.ToString().TrimEnd('_');
        return name.Length == 0 ? null : name;
    }

    /// <summary>The current name of a trait stored under an older spelling ("jobTitle" → "job_title"); valid names stay.</summary>
    public static string Canonical(string name) => IsValid(name) ? name : FromPublic(name) ?? name;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex Pattern();
}
