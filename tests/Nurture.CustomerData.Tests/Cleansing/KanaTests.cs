using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class KanaTests
{
    [Theory]
    [InlineData("タナカ タロウ", "たなか たろう")]
    [InlineData("ﾀﾅｶ ﾀﾛｳ", "たなか たろう")]
    [InlineData("ガッコウ", "がっこう")]
    [InlineData("ヴァイオリン", "ゔぁいおりん")]
    [InlineData("ヶ月", "ゖ月")]
    [InlineData("コーヒー", "こーひー")]
    [InlineData("ひらがな", "ひらがな")]
    [InlineData("田中タロウ abc", "田中たろう abc")]
    [InlineData("", "")]
    public void ToHiragana_ConvertsKatakanaOnly(string text, string expected) => Assert.Equal(expected, Kana.ToHiragana(text));

    [Theory]
    [InlineData("たなか たろう", "tanaka tarou")]
    [InlineData("タナカ タロウ", "tanaka tarou")]
    [InlineData("ﾀﾅｶ ﾀﾛｳ", "tanaka tarou")]
    [InlineData("しんいち", "shinichi")]
    [InlineData("ちょうじろう", "choujirou")]
    [InlineData("きょうこ", "kyouko")]
    [InlineData("りゅうのすけ", "ryuunosuke")]
    [InlineData("じゅんこ", "junko")]
    [InlineData("ほっかいどう", "hokkaidou")]
    [InlineData("はっとり", "hattori")]
    [InlineData("まっちゃ", "matcha")]
    [InlineData("いっしき", "isshiki")]
    [InlineData("ユーキ", "yuki")]
    [InlineData("ふじ", "fuji")]
    [InlineData("つづき", "tsuzuki")]
    [InlineData("ちぢみ", "chijimi")]
    [InlineData("ヴァイオリン", "vaiorin")]
    [InlineData("ティファニー", "tifani")]
    [InlineData("ジェームズ", "jemuzu")]
    [InlineData("ウィリアム", "wiriamu")]
    [InlineData("ファン", "fan")]
    [InlineData("ちぇん", "chen")]
    [InlineData("を", "o")]
    [InlineData("っ", "")]
    [InlineData("あっ", "a")]
    [InlineData("ぁ", "a")]
    [InlineData("田中 たろう", "田中 tarou")]
    [InlineData("Taro", "Taro")]
    public void ToRomaji_WritesHepburn(string text, string expected) => Assert.Equal(expected, Kana.ToRomaji(text));

    [Fact]
    public void Conversions_RefuseNull()
    {
        Assert.Throws<ArgumentNullException>(() => Kana.ToRomaji(null!));
        Assert.Throws<ArgumentNullException>(() => Kana.ToHiragana(null!));
    }

    [Fact]
    public void ToRomaji_SurvivesHostileText()
    {
        Assert.Equal("\uFFFD" + "ka", Kana.ToRomaji("\uD800カ"));
        Assert.Equal("x", Kana.ToRomaji(new string('ッ', 100_000) + "x"));
    }
}
