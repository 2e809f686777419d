namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// What <see cref="PhoneNormaliser"/> needs to know about a country's numbering plan: its calling code,
/// the trunk prefix dialled before national numbers (dropped in E.164), the international prefix dialled
/// before foreign numbers, and the plausible lengths of a national significant number (without trunk).
/// </summary>
public sealed record PhoneCountry(
    string IsoCode, string CallingCode, string? TrunkPrefix, string InternationalPrefix,
    int MinNationalLength, int MaxNationalLength)
{
    /// <summary>The countries supported, by ISO 3166 alpha-2 code. Lengths follow each national plan, loosely
    /// enough for short rural and long mobile numbers alike.</summary>
    public static IReadOnlyList<PhoneCountry> All { get; } =
    [
        new("JP", "81", "0", "010", 9, 10),
        new("US", "1", "1", "011", 10, 10),
        new("CA", "1", "1", "011", 10, 10),
        new("GB", "44", "0", "00", 9, 10),
        new("DE", "49", "0", "00", 6, 13),
        new("FR", "33", "0", "00", 9, 9),
        new("AU", "61", "0", "0011", 9, 9),
        new("KR", "82", "0", "001", 8, 10),
        new("CN", "86", "0", "00", 9, 11),
        new("SG", "65", null, "000", 8, 8),
        new("IN", "91", "0", "00", 10, 10),
    ];

    /// <summary>True for the North American Numbering Plan (US, CA), which has stricter shape rules.</summary>
    public bool IsNorthAmerican => CallingCode == "1";

    public static PhoneCountry? ByIsoCode(string? isoCode) =>
        All.FirstOrDefault(c => string.Equals(c.IsoCode, isoCode?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The country whose calling code starts these international digits (the first of US and CA for +1).</summary>
    public static PhoneCountry? ByCallingCodePrefix(string digits) =>
        All.FirstOrDefault(c => digits.StartsWith(c.CallingCode, StringComparison.Ordinal));
}
