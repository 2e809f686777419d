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
    [InlineData("07700 900123", "GB", "+447700900123")]
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
    [InlineData("03-1234-5678-9012", "JP", "too long")]
    [InlineData("555-0100", "US", "too short")]
    [InlineData("(415) 555-01000", "US", "too long")]
    [InlineData("+1 415 555 0100 1234 5678", "US", "too long")]
    [InlineData("1-800-FLOWERS", "US", "letters in number")]
    [InlineData("03-1234-abcd", "JP", "letters in number")]
    [InlineData("03-1234-5678", "XX", "unknown country")]
    [InlineData("03-1234-5678", "", "unknown country")]
    [InlineData("03*1234*5678", "JP", "unexpected character '*'")]
    [InlineData("03-1234+5678", "JP", "unexpected character '+'")]
    [InlineData("---", "JP", "no digits")]
    [InlineData("(015) 555-0100", "US", "not a valid US number")]
    [InlineData("(415) 155-0100", "US", "not a valid US number")]
    [InlineData("+0 123 456 789", "JP", "invalid country calling code")]
    [InlineData("+999 12", "JP", "too short")]
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
        Assert.False(PhoneNormaliser.ToE164("٠٣١٢٣٤٥٦٧٨", "JP").IsValid);
        Assert.False(PhoneNormaliser.ToE164("03-1234-5678\u0000", "JP").IsValid);
    }

    [Fact]
    public void PhoneCountry_FindsCountriesByCodeAndCallingCode()
    {
        Assert.Equal("81", PhoneCountry.ByIsoCode(" jp ")!.CallingCode);
        Assert.Null(PhoneCountry.ByIsoCode("ZZ"));
        Assert.Null(PhoneCountry.ByIsoCode(null));
        Assert.Equal("GB", PhoneCountry.ByCallingCodePrefix("442079460000")!.IsoCode);
        Assert.True(PhoneCountry.ByCallingCodePrefix("14155550100")!.IsNorthAmerican);
        Assert.Null(PhoneCountry.ByCallingCodePrefix("5511912345678"));
        Assert.Equal(11, PhoneCountry.All.Count);
    }
}
