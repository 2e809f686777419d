using System.Net;
using System.Text.RegularExpressions;

namespace Nurture.Email.Templates;

/// <summary>A plain-text part for templates that have none: tags dropped, links kept as "text (url)".</summary>
public static partial class HtmlToText
{
    public static string Convert(string html)
    {
        var text = Links().Replace(html, m => $"{m.Groups[2].Value} ({m.Groups[1].Value})");
        text = Breaks().Replace(text, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return BlankLines().Replace(text, "\n\n").Trim();
    }

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Links();

    [GeneratedRegex("<(br|/p|/div|/h[1-6]|/li|/tr)\\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\n\\s*\\n\\s*\\n+")]
    private static partial Regex BlankLines();
}
