using System.Net;
using System.Text.RegularExpressions;

namespace Nurture.Email.Tracking;

/// <summary>
/// Points every http(s) link of an email at our click redirect. The original links are kept with the
/// send, and the redirect only ever goes to one of them: no open redirect.
/// </summary>
public static partial class LinkRewriter
{
    public const int MaxLinks = 200;

    /// <summary>The HTML with links replaced by <paramref name="clickUrl"/>(index), and the original links.</summary>
    public static (string Html, IReadOnlyList<string> Links) Rewrite(string html, Func<int, string> clickUrl, string? keepAsIs = null)
    {
        var links = new List<string>();
        var rewritten = Href().Replace(html, match =>
        {
            var url = WebUtility.HtmlDecode(match.Groups[2].Value);
            if (url == keepAsIs || links.Count >= MaxLinks || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return match.Value;
            links.Add(url);
            return $"{match.Groups[1].Value}{WebUtility.HtmlEncode(clickUrl(links.Count - 1))}{match.Groups[3].Value}";
        });
        return (rewritten, links);
    }

    [GeneratedRegex("(<a\\s[^>]*?href\\s*=\\s*\")([^\"]*)(\")", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
