using System.Globalization;
using PhoneNumbers;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// Turns a phone number as people type it ("03-1234-5678", "(03) 1234 5678", "+81 3-1234-5678",
/// "０９０ー１２３４ー５６７８", "tel:+1-415-555-0100", "03-1234-5678 内線12") into E.164 ("+81312345678"), so that
/// the same phone is the same string. Parsing and validity are libphonenumber's, with the numbering plans of
/// every country; numbers without a country code are read as numbers of the default country. Extensions are
/// dropped: E.164 has no place for them and duplicate matching wants the line, not the desk.
/// </summary>
public static class PhoneNormaliser
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly HashSet<string> Regions = new(Phones.GetSupportedRegions(), StringComparer.OrdinalIgnoreCase);

    // libphonenumber's code for "no default region": only numbers that start with + parse.
    private const string NoRegion = "ZZ";
    // Longer cells are not phone numbers; refused before NFKC runs over them.
    private const int MaxInputLength = 100;

    /// <summary>True for an ISO 3166 alpha-2 code that libphonenumber has a numbering plan for (JP, US, BR, ZA…).</summary>
    public static bool IsKnownCountry(string? isoCode) => isoCode is not null && Regions.Contains(isoCode.Trim());

    public static CleanResult<string> ToE164(string? raw, string defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Fail("empty");
        if (raw.Length > MaxInputLength) return Fail("too long");
        // NFKC makes "（内線１２）" "(内線12)"; libphonenumber knows extensions by their English, Spanish and Russian
        // names and outside brackets only, so 内線 is named the English way.
        var text = TextCleaner.Nfkc(raw).Trim().Replace("(内線", " 内線", StringComparison.Ordinal).Replace("内線", " ext. ", StringComparison.Ordinal);
        var region = IsKnownCountry(defaultCountry) ? defaultCountry.Trim().ToUpperInvariant() : NoRegion;
        if (region == NoRegion && !text.StartsWith('+')) return Fail("unknown country");

        var parsed = Parse(text, region);
        // 00 is the international prefix in most of the world, and people write it even where another is dialled
        // (Japan's is 010): "0081 3-1234-5678" from a ledger kept abroad.
        if (parsed.Number is { } number && !Phones.IsValidNumber(number) && text.StartsWith("00", StringComparison.Ordinal))
        {
            var retried = Parse("+" + text[2..].TrimStart(' ', '-'), region);
            if (retried.Number is { } other && Phones.IsValidNumber(other)) parsed = retried;
        }
        if (parsed.Error is { } error) return Fail(error);
        // Letters are a typo in a phone cell, or a vanity number (1-800-FLOWERS) whose E.164 would hide what was
        // written: libphonenumber turns them into keypad digits, which are then missing from the digits written.
        var national = parsed.Number!.NationalNumber.ToString(CultureInfo.InvariantCulture);
        if (!PhoneNumberUtil.NormalizeDigitsOnly(text).Contains(national, StringComparison.Ordinal)) return Fail("letters in number");
        return Validate(parsed.Number);
    }

    private static (PhoneNumber? Number, string? Error) Parse(string text, string region)
    {
        try
        {
            return (Phones.Parse(text, region), null);
        }
        catch (NumberParseException e)
        {
            return (null, e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "invalid country calling code",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => "too short",
                ErrorType.TOO_LONG => "too long",
                _ => text.Any(char.IsAsciiDigit) ? "not a phone number" : "no digits",
            });
        }
    }

    private static CleanResult<string> Validate(PhoneNumber number)
    {
        switch (Phones.IsPossibleNumberWithReason(number))
        {
            // A local-only number ("555-0100" in the US) lacks its area code: too short to call from elsewhere.
            case PhoneNumberUtil.ValidationResult.TOO_SHORT or PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
                return Fail("too short");
            case PhoneNumberUtil.ValidationResult.TOO_LONG:
                return Fail("too long");
            case PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE:
                return Fail("invalid country calling code");
        }
        if (!Phones.IsValidNumber(number)) return Fail($"not a valid {Phones.GetRegionCodeForCountryCode(number.CountryCode)} number");
        return CleanResult<string>.Ok(Phones.Format(number, PhoneNumberFormat.E164));
    }

    private static CleanResult<string> Fail(string reason) => CleanResult<string>.Fail(reason);
}
