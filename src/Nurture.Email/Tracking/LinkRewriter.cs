using System.Net;
using System.Text.RegularExpressions;

namespace Nurture.Email.Tracking;

/// <summary>
/// Points every http(s) link of an email at our click redirect: the links of the HTML part, and the web
/// addresses written out in the plain-text part, which mail apps make clickable too. The original links are
/// kept with the send, and the redirect only ever goes to one of them: no open redirect.
/// </summary>
public static partial class LinkRewriter
{
    public const int MaxLinks = 200;

    /// <summary>The HTML with links replaced by <paramref name="clickUrl"/>(index), and the original links.</summary>
    public static (string Html, IReadOnlyList<string> Links) Rewrite(string html, Func<int, string> clickUrl, string? keepAsIs = null)
    {
        var links = new List<string>();
        return (RewriteHtml(html, links, clickUrl, keepAsIs), links);
    }

    /// <summary>
    /// Both parts: the HTML's links first, then the text's addresses. An address the HTML already links to
    /// keeps the HTML link's index, so a click counts as that link whichever part it came from.
    /// </summary>
    public static (string Html, string Text, IReadOnlyList<string> Links) Rewrite(string html, string text, Func<int, string> clickUrl, string? keepAsIs = null)
    {
        var links = new List<string>();
        var rewrittenHtml = RewriteHtml(html, links, clickUrl, keepAsIs);
        return (rewrittenHtml, RewriteText(text, links, clickUrl, keepAsIs), links);
    }

    private static string RewriteHtml(string html, List<string> links, Func<int, string> clickUrl, string? keepAsIs) =>
        Href().Replace(html, match =>
        {
            var url = WebUtility.HtmlDecode(match.Groups[2].Value);
            if (url == keepAsIs || links.Count >= MaxLinks || !IsWebLink(url)) return match.Value;
            links.Add(url);
            return $"{match.Groups[1].Value}{WebUtility.HtmlEncode(clickUrl(links.Count - 1))}{match.Groups[3].Value}";
        });

    /// <summary>
    /// Web addresses in plain text, as mail apps find them: from http(s):// to the first character that cannot
    /// be in a URL (a space, a quote, an angle bracket, Japanese text), less the punctuation that ends a
    /// sentence or closes a bracket the address did not open.
    /// </summary>
    private static string RewriteText(string text, List<string> links, Func<int, string> clickUrl, string? keepAsIs) =>
        TextUrl().Replace(text, match =>
        {
            var url = TrimTrailing(match.Value);
            var rest = match.Value[url.Length..];
            if (url == keepAsIs || !IsWebLink(url)) return match.Value;
            var index = links.IndexOf(url);
            if (index < 0)
            {
                if (links.Count >= MaxLinks) return match.Value;
                links.Add(url);
                index = links.Count - 1;
            }
            return clickUrl(index) + rest;
        });

    /// <summary>Where the web addresses in plain text are (as mail apps find them, trailing punctuation left out), in order.</summary>
    public static IEnumerable<(int Index, int Length)> FindWebAddresses(string text)
    {
        foreach (Match match in TextUrl().Matches(text))
        {
            var url = TrimTrailing(match.Value);
            if (IsWebLink(url)) yield return (match.Index, url.Length);
        }
    }

    private static string TrimTrailing(string url)
    {
        var end = url.Length;
        while (end > 0)
        {
            var last = url[end - 1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '*') end--;
            // A closing bracket stays only when the address opened one ("…/Tokyo_(city)").
            else if ((last == ')' && Count(url, end, '(') < Count(url, end, ')')) || (last == ']' && Count(url, end, '[') < Count(url, end, ']'))) end--;
            else break;
        }
        return url[..end];
    }

    private static int Count(string text, int length, char c) => text.AsSpan(0, length).Count(c);

    private static bool IsWebLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    [GeneratedRegex("(<a\\s[^>]*?href\\s*=\\s*\")([^\"]*)(\")", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    /// <summary>The characters RFC 3986 allows in a URL, and '%' escapes; anything else ends it.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", RegexOptions.IgnoreCase)]
    private static partial Regex TextUrl();
}
