using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class PersonNameKeyTests
{
    [Theory]
    [InlineData("タナカ タロウ")]
    [InlineData("たなか たろう")]
    [InlineData("ﾀﾅｶ ﾀﾛｳ")]
    [InlineData("Tanaka Tarou")]
    [InlineData("Tanaka Taro")]
    [InlineData("Taro Tanaka")]
    [InlineData("TANAKA Tarō")]
    [InlineData("Tanaka Taroh")]
    [InlineData("Mr. Taro Tanaka")]
    [InlineData("tanaka, taro")]
    [InlineData("  Ｔａｎａｋａ　Ｔａｒｏ  ")]
    [InlineData("タナカ タロウ 様")]
    public void For_GivesOneKeyAcrossScriptsOrderAndLongVowels(string name) => Assert.Equal("tanakataro", PersonNameKey.For(name));

    [Theory]
    [InlineData("Ohno Yuuki", "Ono Yuki")]
    [InlineData("Satoh Kenta", "Sato Kenta")]
    [InlineData("Oota Shou", "Ota Sho")]
    [InlineData("Homma Jun", "Honma Jun")]
    [InlineData("Namba Ken", "Nanba Ken")]
    [InlineData("イノウエ サトシ", "Inoue Satoshi")]
    [InlineData("Jean-Luc Picard", "Picard Jeanluc")]
    [InlineData("O'Brien Sean", "OBrien Sean")]
    [InlineData("José Müller", "Jose Muller")]
    public void For_MatchesSpellingVariants(string a, string b) => Assert.Equal(PersonNameKey.For(a), PersonNameKey.For(b));

    [Theory]
    [InlineData("Ohashi Ken", "Oashi Ken")]
    [InlineData("Tanaka Taro", "Tanaka Jiro")]
    [InlineData("Kohei Abe", "Koei Abe")]
    public void For_KeepsDifferentNamesApart(string a, string b) => Assert.NotEqual(PersonNameKey.For(a), PersonNameKey.For(b));

    [Theory]
    [InlineData("田中 太郎", "太郎田中")]
    [InlineData("田中太郎", "田中太郎")]
    [InlineData("田中太郎様", "田中太郎")]
    [InlineData("田中 太郎 殿", "太郎田中")]
    public void For_KeepsKanjiAsWritten(string name, string expected) => Assert.Equal(expected, PersonNameKey.For(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("様")]
    [InlineData("Mr.")]
    [InlineData("・・・")]
    public void For_IsNullWithoutAName(string? name)
    {
        Assert.Null(PersonNameKey.For(name));
        Assert.Empty(PersonNameKey.Variants(name));
    }

    [Fact]
    public void Variants_CoverNamesWrittenWithoutASpace()
    {
        Assert.Equal(["tanakataro", "tarotanaka"], PersonNameKey.Variants("Taro Tanaka"));
        Assert.Equal(["ichirosuzuki", "suzukiichiro"], PersonNameKey.Variants("Suzuki Ichiro"));
        Assert.Equal(["suzukiichiro"], PersonNameKey.Variants("スズキイチロウ"));
        Assert.Contains(PersonNameKey.Variants("スズキイチロウ")[0], PersonNameKey.Variants("Ichiro Suzuki"));
        Assert.Equal(["annmarysmith", "maryannsmith", "smithannmary"], PersonNameKey.Variants("Mary Ann Smith"));
    }

    [Fact]
    public void For_SurvivesHostileText()
    {
        Assert.Equal("ab", PersonNameKey.For("a\u0000\u202E\uD800b"));
        Assert.Equal(200_000, PersonNameKey.For(string.Concat(Enumerable.Repeat("ab ", 100_000)))!.Length);
    }
}
