using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class EmailCleanerTests
{
    [Theory]
    [InlineData("taro@example.co.jp", "taro@example.co.jp")]
    [InlineData("  Taro.Tanaka@Example.CO.JP ", "Taro.Tanaka@example.co.jp")]
    [InlineData("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp")]
    [InlineData("mailto:Ann@Example.com", "Ann@example.com")]
    [InlineData("ann+news@example.com", "ann+news@example.com")]
    [InlineData("o'brien@example.ie", "o'brien@example.ie")]
    [InlineData("taro..hanako.@docomo.ne.jp", "taro..hanako.@docomo.ne.jp")]
    [InlineData("info@例え.テスト", "info@xn--r8jz45g.xn--zckzah")]
    [InlineData("info@Bücher.de", "info@xn--bcher-kva.de")]
    [InlineData("a@my-shop.example.com", "a@my-shop.example.com")]
    public void Clean_AcceptsAndNormalises(string raw, string expected)
    {
        var result = EmailCleaner.Clean(raw);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("  ", "empty")]
    [InlineData("mailto:", "empty")]
    [InlineData("taro.example.com", "no @")]
    [InlineData("a@b@example.com", "more than one @")]
    [InlineData("@example.com", "nothing before @")]
    [InlineData("taro@", "nothing after @")]
    [InlineData("taro@localhost", "domain has no dot")]
    [InlineData("taro tanaka@example.com", "contains a space")]
    [InlineData("taro@example.com\r\nBcc: x@evil.com", "contains a space")]
    [InlineData("taro\u0000@example.com", "contains a control character")]
    [InlineData("\"taro\"@example.com", "character not allowed before @")]
    [InlineData("tarō@example.com", "character not allowed before @")]
    [InlineData("a,b@example.com", "character not allowed before @")]
    [InlineData("taro@example..com", "domain has an empty part (two dots, or a dot at an end)")]
    [InlineData("taro@example.com.", "domain has an empty part (two dots, or a dot at an end)")]
    [InlineData("taro@-example.com", "domain part starts or ends with '-'")]
    [InlineData("taro@example-.com", "domain part starts or ends with '-'")]
    [InlineData("taro@exa_mple.com", "character not allowed in domain")]
    [InlineData("taro@[127.0.0.1]", "character not allowed in domain")]
    [InlineData("taro@10.0.0.1", "domain ends in a number")]
    public void Clean_RefusesWithAReason(string? raw, string reason)
    {
        var result = EmailCleaner.Clean(raw);
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Error);
    }

    [Fact]
    public void Clean_EnforcesLengthLimits()
    {
        Assert.Equal("part before @ is longer than 64 characters", EmailCleaner.Clean(new string('a', 65) + "@example.com").Error);
        Assert.True(EmailCleaner.Clean(new string('a', 64) + "@example.com").IsValid);
        Assert.Equal("domain part longer than 63 characters", EmailCleaner.Clean("a@" + new string('b', 64) + ".com").Error);
        var longDomain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com"; // 248 characters
        Assert.Equal("too long", EmailCleaner.Clean("abcdefgh@" + longDomain).Error);
        Assert.Equal("too long", EmailCleaner.Clean(new string('a', 10_000_000) + "@example.com").Error);
    }

    [Fact]
    public void Clean_RefusesAnInvalidInternationalDomain() =>
        Assert.Equal("invalid international domain", EmailCleaner.Clean("a@例え\u0378.jp").Error);
}
