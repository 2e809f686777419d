using Nurture.Ingest.Normalisation;

namespace Nurture.Ingest.Tests.Normalisation;

public sealed class AcquisitionParamsTests
{
    [Fact]
    public void FromQuery_ReadsAllFiveUtmFields()
    {
        var result = AcquisitionParams.FromQuery(
            "utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=running+shoes&utm_content=ad-1");

        Assert.Equal(new AcquisitionParams("google", "cpc", "spring", "running shoes", "ad-1", null, null), result);
        Assert.False(result.IsEmpty);
    }

    [Theory]
    [InlineData("UTM_SOURCE=a&Utm_Medium=b&utm_CAMPAIGN=c")]
    [InlineData("?utm_source=a&utm_medium=b&utm_campaign=c")]
    [InlineData("other=1&utm_source=a&&utm_medium=b&x&utm_campaign=c&")]
    [InlineData("utm_source=a&amp;utm_medium=b&amp;utm_campaign=c")]
    [InlineData("utm%5Fsource=a&utm_medium=b&utm_campaign=c")]
    [InlineData("+utm_source+=a&utm_medium=b&utm_campaign=c")]
    public void FromQuery_ParsesKeysCaseInsensitively_AndToleratesMessyQueries(string query)
    {
        var result = AcquisitionParams.FromQuery(query);

        Assert.Equal("a", result.UtmSource);
        Assert.Equal("b", result.UtmMedium);
        Assert.Equal("c", result.UtmCampaign);
    }

    [Theory]
    [InlineData("utm_campaign=spring+sale", "spring sale")]
    [InlineData("utm_campaign=spring%20sale", "spring sale")]
    [InlineData("utm_campaign=a%2Bb", "a+b")]
    [InlineData("utm_campaign=a%26b%3Dc", "a&b=c")]
    [InlineData("utm_campaign=caf%C3%A9", "café")]
    [InlineData("utm_campaign=caf%c3%a9", "café")]
    [InlineData("utm_campaign=%E6%97%A5%E6%9C%AC", "日本")]
    [InlineData("utm_campaign=%F0%9F%98%80", "\U0001F600")]
    [InlineData("utm_campaign=\U0001F600raw", "\U0001F600raw")]
    [InlineData("utm_campaign=%zz", "%zz")]
    [InlineData("utm_campaign=100%", "100%")]
    [InlineData("utm_campaign=%4", "%4")]
    [InlineData("utm_campaign=a%", "a%")]
    [InlineData("utm_campaign=%%41", "%A")]
    [InlineData("utm_campaign=%E3%81", "\uFFFD")]
    [InlineData("utm_campaign=%FF", "\uFFFD")]
    [InlineData("utm_campaign=a=b", "a=b")]
    public void FromQuery_PercentDecodesValues_AndKeepsMalformedEscapes(string query, string expected)
    {
        Assert.Equal(expected, AcquisitionParams.FromQuery(query).UtmCampaign);
    }

    [Theory]
    [InlineData("utm_source=%20%20google%20", "google")]
    [InlineData("utm_source=++google++", "google")]
    [InlineData("utm_source=%09google%0A", "google")]
    [InlineData("utm_source=%E3%80%80google", "google")]
    public void FromQuery_TrimsValues(string query, string expected)
    {
        Assert.Equal(expected, AcquisitionParams.FromQuery(query).UtmSource);
    }

    [Theory]
    [InlineData("utm_source=")]
    [InlineData("utm_source")]
    [InlineData("utm_source=+++")]
    [InlineData("utm_source=%20")]
    [InlineData("utm_source=&utm_medium=")]
    [InlineData("gclid=")]
    [InlineData("gclid=%20")]
    public void FromQuery_TreatsEmptyValuesAsAbsent(string query)
    {
        var result = AcquisitionParams.FromQuery(query);

        Assert.True(result.IsEmpty);
        Assert.Same(AcquisitionParams.None, result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("page=2&sort=price")]
    [InlineData("utm_sourcex=a&xutm_source=b&utm-source=c")]
    [InlineData("gclidx=1&fbclid_=2")]
    public void FromQuery_ReturnsNone_WhenNothingRelevant(string? query)
    {
        var result = AcquisitionParams.FromQuery(query);

        Assert.Same(AcquisitionParams.None, result);
        Assert.True(result.IsEmpty);
    }

    [Fact]
    public void None_IsEmpty_AndHasNoValues()
    {
        Assert.True(AcquisitionParams.None.IsEmpty);
        Assert.Equal(new AcquisitionParams(null, null, null, null, null, null, null), AcquisitionParams.None);
    }

    [Theory]
    [InlineData("utm_source=first&utm_source=second", "first")]
    [InlineData("utm_source=&utm_source=second", "second")]
    [InlineData("utm_source=%20&utm_source=second", "second")]
    [InlineData("UTM_SOURCE=first&utm_source=second", "first")]
    public void FromQuery_FirstNonEmptyOccurrenceWins(string query, string expected)
    {
        Assert.Equal(expected, AcquisitionParams.FromQuery(query).UtmSource);
    }

    [Theory]
    [InlineData("gclid=abc", "gclid")]
    [InlineData("gbraid=abc", "gbraid")]
    [InlineData("wbraid=abc", "wbraid")]
    [InlineData("dclid=abc", "dclid")]
    [InlineData("msclkid=abc", "msclkid")]
    [InlineData("fbclid=abc", "fbclid")]
    [InlineData("yclid=abc", "yclid")]
    [InlineData("ttclid=abc", "ttclid")]
    [InlineData("twclid=abc", "twclid")]
    [InlineData("li_fat_id=abc", "li_fat_id")]
    [InlineData("epik=abc", "epik")]
    [InlineData("ScCid=abc", "ScCid")]
    [InlineData("sccid=abc", "ScCid")]
    [InlineData("SCCID=abc", "ScCid")]
    [InlineData("mc_cid=abc", "mc_cid")]
    [InlineData("GCLID=abc", "gclid")]
    [InlineData("FbClId=abc", "fbclid")]
    public void FromQuery_RecognisesEveryClickId_WithItsCanonicalName(string query, string name)
    {
        var result = AcquisitionParams.FromQuery(query);

        Assert.Equal(name, result.ClickIdName);
        Assert.Equal("abc", result.ClickId);
        Assert.False(result.IsEmpty);
    }

    [Theory]
    [InlineData("fbclid=f&gclid=g", "gclid", "g")]
    [InlineData("mc_cid=m&msclkid=s", "msclkid", "s")]
    [InlineData("ttclid=t&yclid=y&fbclid=f", "fbclid", "f")]
    [InlineData("dclid=d&wbraid=w", "wbraid", "w")]
    [InlineData("gclid=&fbclid=f", "fbclid", "f")]
    [InlineData("ScCid=s&epik=e", "epik", "e")]
    public void FromQuery_PicksClickIdByPriority_NotByPosition(string query, string name, string value)
    {
        var result = AcquisitionParams.FromQuery(query);

        Assert.Equal(name, result.ClickIdName);
        Assert.Equal(value, result.ClickId);
    }

    [Fact]
    public void FromQuery_DecodesClickIdValues()
    {
        var result = AcquisitionParams.FromQuery("gclid=Cj0KCQ%2Dabc+def");

        Assert.Equal("Cj0KCQ-abc def", result.ClickId);
    }

    [Fact]
    public void ClickIdNames_AreInPriorityOrder()
    {
        string[] expected =
            ["gclid", "gbraid", "wbraid", "dclid", "msclkid", "fbclid", "yclid", "ttclid", "twclid", "li_fat_id", "epik", "ScCid", "mc_cid"];

        Assert.Equal(expected, AcquisitionParams.ClickIdNames);
    }

    [Fact]
    public void ClickIdNames_CannotBeModifiedThroughTheInterface()
    {
        Assert.IsNotType<string[]>(AcquisitionParams.ClickIdNames);
        if (AcquisitionParams.ClickIdNames is IList<string> list) Assert.True(list.IsReadOnly);
    }

    [Fact]
    public void FromQuery_TruncatesValuesTo500Characters()
    {
        var result = AcquisitionParams.FromQuery("utm_campaign=" + new string('c', 10 * 1024) + "&gclid=" + new string('g', 600));

        Assert.Equal(new string('c', 500), result.UtmCampaign);
        Assert.Equal(new string('g', 500), result.ClickId);
    }

    [Fact]
    public void FromQuery_KeepsExactly500Characters()
    {
        var value = new string('v', 500);

        Assert.Equal(value, AcquisitionParams.FromQuery("utm_term=" + value).UtmTerm);
    }

    [Fact]
    public void FromQuery_TruncatesAfterDecoding()
    {
        var result = AcquisitionParams.FromQuery("utm_content=" + string.Concat(Enumerable.Repeat("%41", 600)));

        Assert.Equal(new string('A', 500), result.UtmContent);
    }

    [Fact]
    public void FromQuery_DoesNotSplitSurrogatePair_WhenTruncating()
    {
        var value = new string('a', 499) + "\U0001F600" + "tail";

        var result = AcquisitionParams.FromQuery("utm_content=" + value);

        Assert.Equal(new string('a', 499), result.UtmContent);
    }

    [Fact]
    public void FromQuery_TrimsTheEnd_LeftByTruncation()
    {
        var value = new string('a', 498) + "   more";

        Assert.Equal(new string('a', 498), AcquisitionParams.FromQuery("utm_content=" + value).UtmContent);
    }

    [Fact]
    public void FromQuery_IgnoresOverlongKeys()
    {
        var result = AcquisitionParams.FromQuery(new string('k', 10 * 1024) + "=1&utm_source=ok");

        Assert.Equal("ok", result.UtmSource);
    }

    [Fact]
    public void FromQuery_KeepsNulInsideValue_AsData()
    {
        // NUL is data here, not a terminator: later fields must still be read.
        var result = AcquisitionParams.FromQuery("utm_source=a%00b&utm_medium=email");

        Assert.Equal("a\0b", result.UtmSource);
        Assert.Equal("email", result.UtmMedium);
    }

    [Fact]
    public void FromQuery_NeverThrows_OnHostileInputs_AndKeepsInvariants()
    {
        foreach (var input in HostileInputs.All)
        {
            AssertInvariants(AcquisitionParams.FromQuery(input));
            AssertInvariants(AcquisitionParams.FromQuery("utm_source=" + input + "&gclid=" + input));
        }
    }

    [Fact]
    public void FromQuery_KeepsInvariants_ForRandomQueries()
    {
        var random = new Random(7);
        string[] pieces = ["utm_source", "utm_medium", "gclid", "ScCid", "=", "&", "%", "%2", "%zz", "%C3", "%A9", "+", " ", "amp;", "\0", "\uD800", "\U0001F600", "x", "?"];
        for (var n = 0; n < 3000; n++)
        {
            var count = random.Next(0, 30);
            var query = string.Concat(Enumerable.Range(0, count).Select(_ => pieces[random.Next(pieces.Length)]));

            AssertInvariants(AcquisitionParams.FromQuery(query));
        }
    }

    private static void AssertInvariants(AcquisitionParams result)
    {
        string?[] values = [result.UtmSource, result.UtmMedium, result.UtmCampaign, result.UtmTerm, result.UtmContent, result.ClickId];
        foreach (var value in values)
        {
            if (value is null) continue;
            Assert.InRange(value.Length, 1, 500);
            Assert.Equal(value.Trim(), value);
        }
        Assert.Equal(result.ClickIdName is null, result.ClickId is null);
        if (result.ClickIdName is not null) Assert.Contains(result.ClickIdName, AcquisitionParams.ClickIdNames);
        Assert.Equal(values.All(v => v is null), result.IsEmpty);
    }
}
