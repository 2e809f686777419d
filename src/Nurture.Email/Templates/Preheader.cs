using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.Email.Templates;

/// <summary>
/// The preheader: the line mail apps show after the subject in the inbox. They take the first text of the
/// HTML body, so it goes right after &lt;body&gt;, hidden from the message itself, followed by invisible
/// filler so the inbox does not run on into the email's first words.
/// </summary>
public static partial class Preheader
{
    /// <summary>Zero-width non-joiners and non-breaking spaces: seen as text by mail apps, shown as nothing.</summary>
    private static readonly string Filler = new StringBuilder().Insert(0, "&zwnj;&nbsp;", 90).ToString();

    /// <summary>The HTML with <paramref name="preheader"/> (plain text, escaped here) as its hidden first text; unchanged when it is blank.</summary>
    public static string Insert(string html, string preheader)
    {
        if (string.IsNullOrWhiteSpace(preheader)) return html;
        var hidden = "<div class=\"preheader\" style=\"display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:transparent\">"
            + TemplateSandbox.Html.Encode(preheader) + Filler + "</div>";
        var body = Body().Match(html);
        return body.Success ? html.Insert(body.Index + body.Length, hidden) : hidden + html;
    }

    [GeneratedRegex("<body(\\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex Body();
}
