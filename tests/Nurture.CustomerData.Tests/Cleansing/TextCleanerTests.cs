using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class TextCleanerTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   \t\r\n\u3000", null)]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("ｶﾀｶﾅ", "カタカナ")]
    [InlineData("ｶﾞｯｺｳ", "ガッコウ")]
    [InlineData("  ACME  ", "ACME")]
    [InlineData("田中\u3000\u3000太郎", "田中 太郎")]
    [InlineData("a \t\r\n b", "a b")]
    [InlineData("a\u0001b\u007Fc", "abc")]
    [InlineData("a \u0007 b", "a b")]
    [InlineData("ACME\u200B", "ACME")]
    [InlineData("\uFEFFname", "name")]
    [InlineData("evil\u202Etxt.exe", "eviltxt.exe")]
    [InlineData("㈱ナーチャー", "(株)ナーチャー")]
    [InlineData("👩‍💻 dev", "👩‍💻 dev")]
    [InlineData("Müller", "Müller")]
    [InlineData("\u0001\u0002", null)]
    public void Clean_NormalisesWidthSpacesAndInvisibleCharacters(string? raw, string? expected) =>
        Assert.Equal(expected, TextCleaner.Clean(raw));

    [Fact]
    public void Clean_ReplacesLoneSurrogatesInsteadOfThrowing()
    {
        Assert.Equal("a\uFFFDb", TextCleaner.Clean("a\uD800b"));
        Assert.Equal("\uFFFD", TextCleaner.Clean("\uDC00"));
    }

    [Fact]
    public void Clean_HandlesAMegabyteOfSpacesAndText()
    {
        var raw = new string(' ', 500_000) + "x" + new string('\u3000', 500_000) + "y";
        Assert.Equal("x y", TextCleaner.Clean(raw));
    }
}
