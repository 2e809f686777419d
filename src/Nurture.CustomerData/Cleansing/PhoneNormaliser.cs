using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// Turns a phone number as people type it ("03-1234-5678", "(03) 1234 5678", "+81 3-1234-5678",
/// "０９０ー１２３４ー５６７８", "tel:+1-415-555-0100", "03-1234-5678 内線12") into E.164 ("+81312345678"), so that
/// the same phone is the same string. Extensions are dropped: E.164 has no place for them and duplicate
/// matching wants the line, not the desk.
/// </summary>
public static partial class PhoneNormaliser
{
    private const int MaxE164Digits = 15;
    // Longer cells are not phone numbers; refusing them early also bounds the regular expressions' work.
    private const int MaxInputLength = 100;
    private const string GenericInternationalPrefix = "00";

    public static CleanResult<string> ToE164(string? raw, string defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Fail("empty");
        if (raw.Length > MaxInputLength) return Fail("too long");
        var text = TextCleaner.Nfkc(raw).Trim();
        text = Label().Replace(text, "");
        text = Extension().Replace(text, "");
        var plus = text.StartsWith('+');
        // "+44 (0)20 7946 0000": the (0) is the trunk prefix, only for callers inside the country.
        if (plus) text = text.Replace("(0)", "");

        var digits = new StringBuilder(text.Length);
        for (var i = plus ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (IsSeparator(c)) continue;
            else if (char.IsLetter(c)) return Fail("letters in number");
            else return Fail($"unexpected character '{c}'");
        }
        if (digits.Length == 0) return Fail("no digits");
        if (plus) return International(digits.ToString());

        var country = PhoneCountry.ByIsoCode(defaultCountry);
        var number = digits.ToString();
        // The country's own international prefix first: Australia's 0011 also starts with the generic 00.
        foreach (var prefix in new[] { country?.InternationalPrefix, GenericInternationalPrefix })
        {
            if (prefix is not null && number.StartsWith(prefix, StringComparison.Ordinal) && number.Length > prefix.Length)
                return International(number[prefix.Length..]);
        }
        return country is null ? Fail("unknown country") : National(number, country);
    }

    private static CleanResult<string> International(string digits)
    {
        if (digits.Length > MaxE164Digits) return Fail("too long");
        var country = PhoneCountry.ByCallingCodePrefix(digits);
        if (country is null)
        {
            // A country outside our table: the digits are already international, so only E.164's own rules apply.
            if (digits[0] == '0') return Fail("invalid country calling code");
            return digits.Length < 8 ? Fail("too short") : CleanResult<string>.Ok("+" + digits);
        }
        var national = digits[country.CallingCode.Length..];
        // "+81 03-1234-5678" is a common mistake: the trunk 0 written after the country code.
        if (country.TrunkPrefix == "0" && national.StartsWith('0')) national = national[1..];
        return Validate(national, country);
    }

    private static CleanResult<string> National(string digits, PhoneCountry country)
    {
        var national = digits;
        if (country.IsNorthAmerican)
        {
            if (national.Length == 11 && national[0] == '1') national = national[1..];
        }
        else if (country.TrunkPrefix is { } trunk && national.StartsWith(trunk, StringComparison.Ordinal))
        {
            national = national[trunk.Length..];
        }
        // Without a trunk 0 the number is still taken: Excel drops leading zeros from numbers typed in cells,
        // so "9012345678" in a ledger is very likely 090-1234-5678.
        return Validate(national, country);
    }

    private static CleanResult<string> Validate(string national, PhoneCountry country)
    {
        if (national.Length < country.MinNationalLength) return Fail("too short");
        if (national.Length > country.MaxNationalLength || country.CallingCode.Length + national.Length > MaxE164Digits)
            return Fail("too long");
        if (national[0] == '0') return Fail($"not a valid {country.IsoCode} number");
        // North American area codes and exchanges never start with 0 or 1.
        if (country.IsNorthAmerican && (national[0] < '2' || national[3] < '2')) return Fail($"not a valid {country.IsoCode} number");
        return CleanResult<string>.Ok("+" + country.CallingCode + national);
    }

    // Hyphens of every width people and IMEs produce, the katakana long mark typed for a dash included.
    private static bool IsSeparator(char c) =>
        c is ' ' or '-' or '.' or '(' or ')' or '/' or '\u2212' or '\u30FC' or '\u301C' || c is >= '\u2010' and <= '\u2015';

    private static CleanResult<string> Fail(string reason) => CleanResult<string>.Fail(reason);

    [GeneratedRegex(@"^(?:tel|phone|ph|電話(?:番号)?)\s*[:.]?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"(?:;\s*ext=[0-9]{1,8}|[,;]?\s*\(?\s*(?:ext(?:ension)?\.?|x|内線|#)\s*[:.]?\s*[0-9]{1,8}\s*\)?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extension();
}
