using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Nurture.Email.Blocks;

/// <summary>
/// Moves an email's stylesheet into style attributes with PreMailer.Net (many mail apps drop &lt;style&gt;),
/// leaving the stylesheet with id <see cref="BlockEmailWriter.MobileStyleId"/> (media queries) in place.
/// Liquid would not survive the HTML parser (<c>{% if a > 1 %}</c> comes back as <c>&amp;gt;</c>), so each
/// Liquid tag is swapped for a placeholder no text can contain (a fresh random word per call) and put back after.
/// </summary>
public static partial class CssInliner
{
    public static string Inline(string html)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var tags = new List<string>();
        var protectedHtml = LiquidText.Tag().Replace(html, m =>
        {
            tags.Add(m.Value);
            return $"liquid{nonce}x{(tags.Count - 1).ToString(CultureInfo.InvariantCulture)}x";
        });
        // The HTML comes from blocks only: it has no <link> for PreMailer to download.
        var result = PreMailer.Net.PreMailer.MoveCssInline(protectedHtml, removeStyleElements: true, ignoreElements: "#" + BlockEmailWriter.MobileStyleId,
            stripIdAndClassAttributes: false, removeComments: false);
        return Placeholder(nonce).Replace(result.Html, m => tags[int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)]);
    }

    private static Regex Placeholder(string nonce) => new($"liquid{nonce}x([0-9]+)x", RegexOptions.CultureInvariant);
}
