using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class PhoneNormaliserTests
{
    [Theory]
    [InlineData("03-1234-5678", "JP", "+81312345678")]
    [InlineData("(03) 1234 5678", "JP", "+81312345678")]
    [InlineData("+81 3-1234-5678", "JP", "+81312345678")]
    [InlineData("+81 3-1234-5678", "US", "+81312345678")]
    [InlineData("+81 (0)3-1234-5678", "JP", "+81312345678")]
    [InlineData("+81 03-1234-5678", "JP", "+81312345678")]
    [InlineData("0081312345678", "JP", "+81312345678")]
    [InlineData("010-81-3-1234-5678", "JP", "+81312345678")]
    [InlineData("090-1234-5678", "JP", "+819012345678")]
    [InlineData("９０１２３４５６７８", "JP", "+819012345678")]
    [InlineData("０９０ー１２３４ー５６７８", "JP", "+819012345678")]
    [InlineData("090‐1234‐5678", "JP", "+819012345678")]
    [InlineData("tel:03-1234-5678", "JP", "+81312345678")]
    [InlineData("TEL：03-1234-5678", "JP", "+81312345678")]
    [InlineData("電話 03-1234-5678", "JP", "+81312345678")]
    [InlineData("tel:+1-415-555-0100;ext=12", "JP", "+14155550100")]
    [InlineData("03-1234-5678 内線12", "JP", "+81312345678")]
    [InlineData("03-1234-5678（内線１２）", "JP", "+81312345678")]
    [InlineData("0120-123-456", "JP", "+81120123456")]
    [InlineData("(415) 555-0100", "US", "+14155550100")]
    [InlineData("415.555.0100", "US", "+14155550100")]
    [InlineData("1-415-555-0100", "US", "+14155550100")]
    [InlineData("(415) 555-0100 ext. 12", "US", "+14155550100")]
    [InlineData("415-555-0100 x12", "US", "+14155550100")]
    [InlineData("011 81 3 1234 5678", "US", "+81312345678")]
    [InlineData("(416) 555-0199", "ca", "+14165550199")]
    [InlineData("020 7946 0000", "GB", "+442079460000")]
    [InlineData("+44 (0)20 7946 0000", "GB", "+442079460000")]
    [InlineData("07400 123456", "GB", "+447400123456")]
    [InlineData("030 123456", "DE", "+4930123456")]
    [InlineData("0151 23456789", "DE", "+4915123456789")]
    [InlineData("01 23 45 67 89", "FR", "+33123456789")]
    [InlineData("(02) 9876 5432", "AU", "+61298765432")]
    [InlineData("0011 81 3 1234 5678", "AU", "+81312345678")]
    [InlineData("010-1234-5678", "KR", "+821012345678")]
    [InlineData("02-312-3456", "KR", "+8223123456")]
    [InlineData("138 0013 8000", "CN", "+8613800138000")]
    [InlineData("010-12345678", "CN", "+861012345678")]
    [InlineData("6123 4567", "SG", "+6561234567")]
    [InlineData("098765 43210", "IN", "+919876543210")]
    [InlineData("+55 11 91234-5678", "JP", "+5511912345678")]
    [InlineData("00 81 3 1234 5678", "JP", "+81312345678")]
    [InlineData("03*1234*5678", "JP", "+81312345678")]
    [InlineData("٠٣١٢٣٤٥٦٧٨", "JP", "+81312345678")]          // Arabic-Indic digits
    [InlineData("03-1234-5678\u0000", "JP", "+81312345678")]
    // Countries the old 11-country table did not know.
    [InlineData("(11) 91234-5678", "BR", "+5511912345678")]
    [InlineData("082 123 4567", "ZA", "+27821234567")]
    [InlineData("55 1234 5678", "MX", "+525512345678")]
    [InlineData("0912 345 678", "VN", "+84912345678")]
    [InlineData("081 234 5678", "TH", "+66812345678")]
    [InlineData("0803 123 4567", "NG", "+2348031234567")]
    [InlineData("06 12 34 56 78", "NL", "+31612345678")]
    [InlineData("+971 50 123 4567", "JP", "+971501234567")]
    [InlineData("0412 345 678", "au", "+61412345678")]
    public void ToE164_AcceptsTheWaysPeopleWriteNumbers(string raw, string country, string expected)
    {
        var result = PhoneNormaliser.ToE164(raw, country);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData(null, "JP", "empty")]
    [InlineData(" ", "JP", "empty")]
    [InlineData("03-1234", "JP", "too short")]
    [InlineData("03-1234-5678-9012", "JP", "not a valid JP number")]
    [InlineData("555-0100", "US", "too short")]
    [InlineData("(415) 555-01000", "US", "too long")]
    [InlineData("+1 415 555 0100 1234 5678", "US", "too long")]
    [InlineData("1-800-FLOWERS", "US", "letters in number")]
    [InlineData("03-1234-abcd", "JP", "letters in number")]
    [InlineData("03-1234-5678", "XX", "unknown country")]
    [InlineData("03-1234-5678", "", "unknown country")]
    [InlineData("03-1234+5678", "JP", "not a phone number")]
    [InlineData("---", "JP", "no digits")]
    [InlineData("(015) 555-0100", "US", "not a valid US number")]
    [InlineData("(415) 155-0100", "US", "not a valid US number")]
    [InlineData("+0 123 456 789", "JP", "invalid country calling code")]
    [InlineData("+999 12", "JP", "invalid country calling code")]
    [InlineData("+81 3", "JP", "too short")]
    [InlineData("07700 900123", "GB", "not a valid GB number")]     // Ofcom's range for drama
    [InlineData("11 1234 5678", "BR", "not a valid BR number")]
    [InlineData("+81 003 1234 5678", "JP", "not a valid JP number")]
    public void ToE164_RefusesWithAReason(string? raw, string country, string reason)
    {
        var result = PhoneNormaliser.ToE164(raw, country);
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Error);
    }

    [Fact]
    public void ToE164_ToleratesHostileInput()
    {
        Assert.Equal("too long", PhoneNormaliser.ToE164(new string(' ', 1_000_000) + "1", "JP").Error);
        Assert.Equal("unknown country", PhoneNormaliser.ToE164("03-1234-5678", null!).Error);
        Assert.False(PhoneNormaliser.ToE164("03-1234-5678" + new string('a', 80), "JP").IsValid);
        Assert.False(PhoneNormaliser.ToE164("\u0000\u0001\u0002", "JP").IsValid);
        Assert.Equal("+81312345678", PhoneNormaliser.ToE164("+81 3-1234-5678\uD800", "JP").Value); // a lone surrogate
        Assert.Equal("no digits", PhoneNormaliser.ToE164("内線", "JP").Error);
    }

    [Theory]
    [InlineData("JP", true)]
    [InlineData(" jp ", true)]
    [InlineData("BR", true)]
    [InlineData("ZA", true)]
    [InlineData("ZZ", false)]
    [InlineData("XX", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnownCountry_AcceptsEveryRegionTheLibraryKnows(string? code, bool known) =>
        Assert.Equal(known, PhoneNormaliser.IsKnownCountry(code));
}
