using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class CompanyNameKeyTests
{
    [Theory]
    [InlineData("株式会社ナーチャー")]
    [InlineData("ナーチャー株式会社")]
    [InlineData("ナーチャー(株)")]
    [InlineData("（株）ナーチャー")]
    [InlineData("㈱ナーチャー")]
    [InlineData("ﾅｰﾁｬｰ株式会社")]
    [InlineData("株式会社 ナーチャー")]
    [InlineData("ナーチャー 株式会社 ")]
    [InlineData("有限会社ナーチャー")]
    [InlineData("ナーチャー㈲")]
    [InlineData("合同会社ナーチャー")]
    [InlineData("一般社団法人ナーチャー")]
    [InlineData("(一社)ナーチャー")]
    public void For_GivesJapaneseVariantsOneKey(string name) => Assert.Equal("ナーチャー", CompanyNameKey.For(name));

    [Theory]
    [InlineData("Nurture Inc.")]
    [InlineData("Nurture Inc")]
    [InlineData("NURTURE, Co., Ltd.")]
    [InlineData("Nurture Co.,Ltd.")]
    [InlineData("Nurture Co.Ltd.")]
    [InlineData("Nurture Co., Ltd")]
    [InlineData("Nurture Incorporated")]
    [InlineData("Nurture Corporation")]
    [InlineData("Nurture Corp.")]
    [InlineData("Nurture LLC")]
    [InlineData("Nurture L.L.C.")]
    [InlineData("Nurture Limited")]
    [InlineData("Nurture GmbH")]
    [InlineData("Nurture AG")]
    [InlineData("Nurture S.A.")]
    [InlineData("Nurture K.K.")]
    [InlineData("Nurture KK")]
    [InlineData("Nurture plc")]
    [InlineData("ＮＵＲＴＵＲＥ　ＩＮＣ．")]
    [InlineData("Nurture,Inc.")]
    [InlineData("Nurture (Inc.)")]
    [InlineData("Nurture株式会社")]
    [InlineData("  nurture  ")]
    public void For_GivesLatinVariantsOneKey(string name) => Assert.Equal("nurture", CompanyNameKey.For(name));

    [Theory]
    [InlineData("Agency Partners AG", "agencypartners")]
    [InlineData("Incubate Fund", "incubatefund")]
    [InlineData("Coca-Cola Co.", "cocacola")]
    [InlineData("AT&T Inc.", "att")]
    [InlineData("トヨタ自動車株式会社", "トヨタ自動車")]
    [InlineData("日本電信電話株式会社", "日本電信電話")]
    [InlineData("Sony Group Corporation", "sonygroup")]
    [InlineData("ミツビシ・ショウジ", "ミツビシショウジ")]
    [InlineData("3M Company", "3mcompany")]
    public void For_KeepsWhatIsNotALegalForm(string name, string expected) => Assert.Equal(expected, CompanyNameKey.For(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("株式会社")]
    [InlineData("(株)")]
    [InlineData("Inc.")]
    [InlineData("Co., Ltd.")]
    [InlineData("---")]
    [InlineData("\u0000\u200B")]
    public void For_IsNullWhenNoNameIsLeft(string? name) => Assert.Null(CompanyNameKey.For(name));

    [Fact]
    public void For_DifferentCompaniesKeepDifferentKeys() =>
        Assert.NotEqual(CompanyNameKey.For("ナーチャー株式会社"), CompanyNameKey.For("ネイチャー株式会社"));
}
