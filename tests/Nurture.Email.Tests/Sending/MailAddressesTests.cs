using Nurture.Email.Sending;

namespace Nurture.Email.Tests.Sending;

/// <summary>Typed-in addresses (reply-to, a test recipient): one plain mailbox at a domain name, or a reason.</summary>
public sealed class MailAddressesTests
{
    [Theory]
    [InlineData(" ann@example.com ", "ann@example.com")]
    [InlineData("first.last+tag@mail.example.co.jp", "first.last+tag@mail.example.co.jp")]
    public void Check_PlainAddresses_AreKept(string raw, string expected) => Assert.Equal(expected, MailAddresses.Check(raw, out _));

    [Theory]
    [InlineData("", "must be an email address")]
    [InlineData("ann@example.com, bob@example.com", "must be one address, not a list")]
    [InlineData("ann@example.com;bob@example.com", "must be one address, not a list")]
    [InlineData("ann@example.com\r\nBcc: everyone@example.com", "must not contain spaces or line breaks")]
    [InlineData("Ann <ann@example.com>", "must not contain spaces or line breaks")]
    [InlineData("<ann@example.com>", "must be an email address such as name@example.com")]
    [InlineData("root@localhost", "must be an email address such as name@example.com")]
    [InlineData("ann@[127.0.0.1]", "must be at a domain name, not an IP address")]
    [InlineData("ann@10.0.0.1", "must be at a domain name, not an IP address")]
    [InlineData("\"a b\"@example.com", "must not contain spaces or line breaks")]
    [InlineData("<script>@example.com", "must be an email address such as name@example.com")]
    public void Check_HostileOrOddAddresses_AreRefusedWithAReason(string raw, string reason)
    {
        Assert.Null(MailAddresses.Check(raw, out var why));
        Assert.Equal(reason, why);
    }

    [Fact]
    public void Check_AHugeAddress_IsRefused() =>
        Assert.Equal("must be at most 254 characters", MailAddresses.Check(new string('a', 5000) + "@example.com", out var why) ?? why);
}
