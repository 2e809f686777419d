using System.Globalization;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// Cleans an e-mail address typed into a ledger: full-width characters and stray spaces around it are
/// fixed, the domain is lower-cased (and an international domain written as punycode), the local part is
/// kept as typed. Refuses what no mail server would deliver, with the reason.
/// </summary>
public static class EmailCleaner
{
    private const int MaxLength = 254;
    private const int MaxLocalPartLength = 64;
    private const int MaxLabelLength = 63;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static CleanResult<string> Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Fail("empty");
        // Checked before NFKC too so that a hostile megabyte-long cell costs nothing.
        if (raw.Length > MaxLength * 4) return Fail("too long");
        var text = TextCleaner.Nfkc(raw).Trim();
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) text = text["mailto:".Length..].Trim();
        if (text.Length == 0) return Fail("empty");
        if (text.Any(char.IsWhiteSpace)) return Fail("contains a space");
        if (text.Any(char.IsControl)) return Fail("contains a control character");

        var at = text.IndexOf('@');
        if (at < 0) return Fail("no @");
        if (text.IndexOf('@', at + 1) >= 0) return Fail("more than one @");
        var local = text[..at];
        if (local.Length == 0) return Fail("nothing before @");
        if (local.Length > MaxLocalPartLength) return Fail("part before @ is longer than 64 characters");
        if (!local.All(IsLocalPartChar)) return Fail("character not allowed before @");
        var domainResult = CleanDomain(text[(at + 1)..]);
        if (!domainResult.IsValid) return domainResult;

        var address = $"{local}@{domainResult.Value}";
        return address.Length > MaxLength ? Fail("too long") : CleanResult<string>.Ok(address);
    }

    private static CleanResult<string> CleanDomain(string domain)
    {
        if (domain.Length == 0) return Fail("nothing after @");
        domain = domain.ToLowerInvariant();
        if (domain.Any(c => c > '\u007F'))
        {
            try { domain = Idn.GetAscii(domain); }
            catch (ArgumentException) { return Fail("invalid international domain"); }
        }
        if (!domain.Contains('.')) return Fail("domain has no dot");
        if (domain.Length > MaxLength) return Fail("too long");
        var labels = domain.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0) return Fail("domain has an empty part (two dots, or a dot at an end)");
            if (label.Length > MaxLabelLength) return Fail("domain part longer than 63 characters");
            if (!label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')) return Fail("character not allowed in domain");
            if (label[0] == '-' || label[^1] == '-') return Fail("domain part starts or ends with '-'");
        }
        // A numeric top-level domain means an IP address or a typo, never a mailbox we can reach.
        if (labels[^1].All(char.IsAsciiDigit)) return Fail("domain ends in a number");
        return CleanResult<string>.Ok(domain);
    }

    // RFC 5322 "atext" plus dots. Dots are allowed anywhere, even doubled or before the @: Japanese mobile
    // carriers handed out such addresses for years and they still receive mail.
    private static bool IsLocalPartChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || ".!#$%&'*+-/=?^_`{|}~".Contains(c);

    private static CleanResult<string> Fail(string reason) => CleanResult<string>.Fail(reason);
}
