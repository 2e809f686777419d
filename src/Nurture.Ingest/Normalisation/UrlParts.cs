namespace Nurture.Ingest.Normalisation;

/// <summary>
/// The parts of an absolute http(s) URL that attribution needs. Parsed by hand rather than with
/// <see cref="Uri"/> because Uri re-escapes paths, applies IDN mapping and has length limits,
/// while we want the path and query exactly as the browser sent them.
/// </summary>
/// <param name="Host">Lower-cased host without port or user info; "www." is kept.</param>
/// <param name="Path">Never empty ("/" when absent); percent-encoding left as given.</param>
/// <param name="Query">Without the leading '?'; "" when there is none. The fragment is dropped.</param>
public sealed record UrlParts(string Host, string Path, string Query)
{
    // DNS caps a name at 253 characters; anything longer is not a host a browser would send.
    private const int MaxHostLength = 253;

    /// <summary>
    /// Parses an absolute http or https URL; anything else (relative, other schemes, an invalid
    /// host or port, raw control characters) gives null. Never throws.
    /// </summary>
    public static UrlParts? Parse(string? url)
    {
        if (url is null) return null;

        // Browsers strip leading and trailing C0 controls and spaces before parsing; so do we.
        var start = 0;
        var end = url.Length;
        while (start < end && url[start] <= ' ') start++;
        while (end > start && url[end - 1] <= ' ') end--;
        var s = url.AsSpan(start, end - start);

        int schemeLength;
        if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) schemeLength = 7;
        else if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) schemeLength = 8;
        else return null;

        // A raw NUL, tab or newline inside a URL means it was not a real browser URL: refuse it
        // rather than store something that breaks logs and downstream parsers.
        foreach (var c in s)
        {
            if (c < ' ' || c == '\u007F') return null;
        }

        var rest = s[schemeLength..];
        var authorityEnd = rest.IndexOfAny('/', '?', '#');
        if (authorityEnd < 0) authorityEnd = rest.Length;

        var host = ParseAuthority(rest[..authorityEnd]);
        if (host is null) return null;

        var tail = rest[authorityEnd..];
        var hash = tail.IndexOf('#');
        if (hash >= 0) tail = tail[..hash];

        var question = tail.IndexOf('?');
        var path = question >= 0 ? tail[..question] : tail;
        var query = question >= 0 ? tail[(question + 1)..] : ReadOnlySpan<char>.Empty;

        return new UrlParts(host, path.IsEmpty ? "/" : path.ToString(), query.ToString());
    }

    private static string? ParseAuthority(ReadOnlySpan<char> authority)
    {
        // User info ("user:pass@") never identifies the site; the last '@' ends it.
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0) return null;
            host = authority[..(close + 1)];
            var after = authority[(close + 1)..];
            if (after.IsEmpty) port = [];
            else if (after[0] == ':') port = after[1..];
            else return null;
            if (!IsIPv6Literal(host[1..^1])) return null;
        }
        else
        {
            var colon = authority.IndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
            port = colon >= 0 ? authority[(colon + 1)..] : [];
            if (!IsHostName(host)) return null;
        }

        if (!IsPort(port)) return null;
        return host.ToString().ToLowerInvariant();
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > MaxHostLength + 1) return false;
        var hasNameCharacter = false;
        foreach (var c in host)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                hasNameCharacter = true;
            }
            else if (c >= '\u0080')
            {
                // Internationalised names arrive in Unicode from some clients; keep them as given.
                if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
                hasNameCharacter = true;
            }
            else if (c is not ('-' or '.' or '_'))
            {
                return false;
            }
        }
        return hasNameCharacter;
    }

    private static bool IsIPv6Literal(ReadOnlySpan<char> inner)
    {
        if (inner.IsEmpty || inner.Length > 45 || !inner.Contains(':')) return false;
        foreach (var c in inner)
        {
            if (!char.IsAsciiHexDigit(c) && c is not (':' or '.')) return false;
        }
        return true;
    }

    private static bool IsPort(ReadOnlySpan<char> port)
    {
        if (port.IsEmpty) return true;
        if (port.Length > 5) return false;
        var value = 0;
        foreach (var c in port)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return value <= 65535;
    }
}
