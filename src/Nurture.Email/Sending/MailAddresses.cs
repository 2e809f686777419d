using System.Net;
using MimeKit;
using Nurture.Abstractions.Leads;

namespace Nurture.Email.Sending;

/// <summary>
/// What a typed-in address (a reply-to, a test recipient, an allowed sender) must be: one plain mailbox at a
/// domain name. No display name, no list, no header break, no address literal ("a@[127.0.0.1]"): a field
/// that goes into a header or an SMTP envelope takes exactly one address or nothing.
/// </summary>
public static class MailAddresses
{
    /// <summary>The address as it will be used (trimmed), or null with <paramref name="reason"/> saying what is wrong.</summary>
    public static string? Check(string? raw, out string reason)
    {
        reason = "";
        var text = raw?.Trim() ?? "";
        if (text.Length == 0) return Fail("must be an email address", out reason);
        if (text.Length > EmailAddress.MaxLength) return Fail($"must be at most {EmailAddress.MaxLength} characters", out reason);
        if (text.Any(c => c is ',' or ';')) return Fail("must be one address, not a list", out reason);
        if (text.Any(char.IsControl) || text.Any(char.IsWhiteSpace)) return Fail("must not contain spaces or line breaks", out reason);
        if (EmailAddress.Normalise(text) is null) return Fail("must be an email address such as name@example.com", out reason);
        var domain = text[(text.IndexOf('@', StringComparison.Ordinal) + 1)..];
        if (domain.StartsWith('[') || IPAddress.TryParse(domain.Trim('[', ']'), out _))
            return Fail("must be at a domain name, not an IP address", out reason);
        // MimeKit has the last word: what it cannot parse as one mailbox never reaches a header.
        if (!MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox) || mailbox.Name is { Length: > 0 } || mailbox.Address != text)
            return Fail("must be an email address such as name@example.com", out reason);
        return text;
    }

    private static string? Fail(string why, out string reason)
    {
        reason = why;
        return null;
    }
}
