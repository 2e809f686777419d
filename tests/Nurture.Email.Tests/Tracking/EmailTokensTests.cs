using System.Security.Cryptography;
using Nurture.Email.Tracking;

namespace Nurture.Email.Tests.Tracking;

public sealed class EmailTokensTests
{
    private readonly EmailTokens tokens = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void TryRead_ATokenItMade_GivesBackWhatWentIn()
    {
        var send = Guid.NewGuid();
        var lead = Guid.NewGuid();
        var text = tokens.Create(TokenKind.Click, send, lead, link: 7);

        Assert.True(tokens.TryRead(text, TokenKind.Click, out var token));
        Assert.Equal(new EmailToken(TokenKind.Click, send, lead, 7), token);
        Assert.DoesNotContain('=', text);
        Assert.False(tokens.TryRead(text, TokenKind.Open, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AbC-123_xyz1765119000000")]
    [InlineData("not base64 at all!")]
    [InlineData("%%%%")]
    [InlineData("AAAA====")]
    [InlineData("\u00e9\u00e9\u00e9\u00e9")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryRead_Garbage_IsRefusedWithoutThrowing(string text) => Assert.False(tokens.TryRead(text, TokenKind.Visit, out _));

    [Fact]
    public void TryRead_AnAlteredOrForeignToken_IsRefused()
    {
        var text = tokens.Create(TokenKind.Unsubscribe, Guid.NewGuid(), Guid.NewGuid());
        var altered = (text[0] == 'A' ? "B" : "A") + text[1..];
        Assert.False(tokens.TryRead(altered, TokenKind.Unsubscribe, out _));
        Assert.False(new EmailTokens(RandomNumberGenerator.GetBytes(32)).TryRead(text, TokenKind.Unsubscribe, out _));
    }
}
