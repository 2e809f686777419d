using System.Text;
using System.Text.RegularExpressions;
using Nurture.Email.Templates;
using Nurture.Email.Tracking;

namespace Nurture.Email.Blocks;

/// <summary>
/// Text typed into a block: plain words with Liquid in them. The words are HTML-escaped when written into
/// the email's HTML; the Liquid (<c>{{ … }}</c>, <c>{% … %}</c>) is kept as written, and what it outputs is
/// escaped when the email is rendered (values are escaped in the HTML part).
/// </summary>
public static partial class LiquidText
{
    /// <summary>The text cut into words and Liquid, in order.</summary>
    public static IEnumerable<(bool IsLiquid, string Text)> Segments(string text)
    {
        var at = 0;
        foreach (Match tag in Tag().Matches(text))
        {
            if (tag.Index > at) yield return (false, text[at..tag.Index]);
            yield return (true, tag.Value);
            at = tag.Index + tag.Length;
        }
        if (at < text.Length) yield return (false, text[at..]);
    }

    /// <summary>HTML for an attribute or a line: words escaped, Liquid as written.</summary>
    public static string Html(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        foreach (var (isLiquid, part) in Segments(text)) html.Append(isLiquid ? part : TemplateSandbox.Html.Encode(part));
        return html.ToString();
    }

    /// <summary>
    /// HTML for running text: as <see cref="Html"/>, each line break a &lt;br&gt;, and each web address written
    /// out a link (mail apps would make it one anyway, untracked; as a link it is tracked like the others).
    /// </summary>
    public static string HtmlLines(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        foreach (var (isLiquid, part) in Segments(text))
        {
            if (isLiquid) html.Append(part);
            else html.AppendJoin("<br>", part.ReplaceLineEndings("\n").Split('\n').Select(Linked));
        }
        return html.ToString();
    }

    private static string Linked(string line)
    {
        var html = new StringBuilder(line.Length + 16);
        var at = 0;
        foreach (var (index, length) in LinkRewriter.FindWebAddresses(line))
        {
            var url = TemplateSandbox.Html.Encode(line.Substring(index, length));
            html.Append(TemplateSandbox.Html.Encode(line[at..index])).Append("<a href=\"").Append(url).Append("\" class=\"text-link\">").Append(url).Append("</a>");
            at = index + length;
        }
        return html.Append(TemplateSandbox.Html.Encode(line[at..])).ToString();
    }

    /// <summary>
    /// True when Liquid in the text would write a value unescaped (the <c>raw</c> filter). A block shows text;
    /// markup belongs in the HTML editor. (The words inside <c>{% raw %}…{% endraw %}</c> are escaped like any.)
    /// </summary>
    public static bool WritesRawMarkup(string text) => Segments(text).Any(s => s.IsLiquid && RawFilter().IsMatch(s.Text));

    /// <summary>Liquid's output and tags, the shortest match each (a tag's body holds no "}}" or "%}").</summary>
    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    internal static partial Regex Tag();

    [GeneratedRegex(@"\|\s*raw\b")]
    private static partial Regex RawFilter();
}
