using System.Text.RegularExpressions;
using Nurture.Outbound;

namespace Nurture.Email.Blocks;

/// <summary>
/// The addresses a block may hold (a picture, a button's or a picture's link): http(s) to a public host that
/// recipients' mail apps can reach, or <c>{{ unsubscribe_url }}</c>. Liquid may fill in the path or query
/// (<c>https://shop.example/?e={{ lead.email | url_encode }}</c>) but never the scheme or host, so no value of a
/// lead can turn a button into a <c>javascript:</c> link or point it elsewhere.
/// </summary>
public static partial class BlockUrls
{
    public const int MaxLength = 2000;

    /// <summary>Null when <paramref name="url"/> may be used; otherwise why not.</summary>
    public static string? Problem(string url)
    {
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (url.Any(char.IsControl) || LiquidText.Tag().Replace(url, "").Any(char.IsWhiteSpace)) return "must not contain spaces or line breaks";
        if (Unsubscribe().IsMatch(url)) return null;
        var liquid = LiquidText.Tag().Match(url);
        var fixedPart = liquid.Success ? url[..liquid.Index] : url;
        if (!fixedPart.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !fixedPart.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            return "must start with https:// (or be {{ unsubscribe_url }})";
        var authority = Authority().Match(fixedPart);
        // With Liquid in it, the host must end before the Liquid starts: "https://{{ x }}" or "https://shop{{ x }}" is refused.
        if (!authority.Success || (liquid.Success && authority.Length == fixedPart.Length && !fixedPart.EndsWith('/')))
            return "must name its host before any Liquid, as in https://shop.example/{{ … }}";
        if (!Uri.TryCreate(authority.Value.TrimEnd('/', '?', '#'), UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
            return "is not a valid web address";
        if (!liquid.Success && !Uri.TryCreate(url, UriKind.Absolute, out _)) return "is not a valid web address";
        return HostProblem(uri.IdnHost);
    }

    private static string? HostProblem(string host)
    {
        var name = host.TrimEnd('.');
        if (OutboundPolicy.TryParseLiteral(name, out var address))
        {
            var kind = AddressClassifier.Classify(address);
            return kind == AddressKind.Public ? null : $"points to {AddressClassifier.Describe(kind)}, which recipients cannot reach";
        }
        if (MetadataHosts.Contains(name)) return "points to a cloud metadata service";
        if (!name.Contains('.', StringComparison.Ordinal) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".lan", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".home.arpa", StringComparison.OrdinalIgnoreCase))
            return $"points to {name}, a name only the local network knows: recipients cannot reach it";
        return null;
    }

    [GeneratedRegex(@"^\{\{-?\s*unsubscribe_url\s*-?\}\}$")]
    private static partial Regex Unsubscribe();

    /// <summary>Scheme and authority, ending at the first '/', '?' or '#' (or the end).</summary>
    [GeneratedRegex(@"^https?://[^/?#{}]+([/?#]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Authority();
}
