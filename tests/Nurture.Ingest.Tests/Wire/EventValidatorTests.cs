using System.Text.Json;
using Nurture.Ingest.Wire;

namespace Nurture.Ingest.Tests.Wire;

public sealed class EventValidatorTests
{
    private static (IncomingEvent? Event, Rejection? Rejection) Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return EventValidator.Validate(document.RootElement, 0);
    }

    [Fact]
    public void Validate_FullEvent_KeepsEveryField()
    {
        var (e, rejection) = Validate("""
            {"siteKey":"sk_1","visitorId":"v","eventId":"e","type":"identify","url":"https://a.example/x",
             "referrer":"https://b.example/","title":"T","ts":1795420800000,"props":{"n":1.5,"b":true,"s":"x"},
             "email":" Ann@Example.COM ","traits":{"name":"Ann","size":50}}
            """);
        Assert.Null(rejection);
        Assert.Equal("ann@example.com", e!.Email);
        Assert.Equal(["n", "b", "s"], e.PropKeys);
        Assert.Equal(["1.5", "true", "x"], e.PropValues);
        Assert.Equal("50", e.Traits!["size"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795420800000), e.ClientTime);
    }

    [Theory]
    [InlineData("""{"visitorId":"v","type":"page_view"}""", "siteKey")]
    [InlineData("""{"siteKey":"s","type":"page_view"}""", "visitorId")]
    [InlineData("""{"siteKey":"s","visitorId":"v"}""", "type")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"PAGE_VIEW"}""", "type")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"custom"}""", "name")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","url":"/relative"}""", "url")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","ts":"not a time"}""", "ts")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","ts":-5}""", "ts")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","props":[1]}""", "props")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","props":{"a":null}}""", "props.a")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","props":{"":1}}""", "props")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"identify"}""", "email")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"identify","email":"a@@b.example"}""", "email")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"identify","email":"a@b.example","traits":[]}""", "traits")]
    [InlineData("""{"siteKey":"s","visitorId":"v","visitorId":"w","type":"page_view"}""", "visitorId")]
    [InlineData("""{"siteKey":"s","visitorId":"v","type":"page_view","type":"identify","email":"a@b.example"}""", "type")]
    [InlineData("""{"siteKey":"s","visitorId":"\ud800","type":"page_view"}""", "visitorId")]
    [InlineData("""[]""", "")]
    public void Validate_BadField_NamesIt(string json, string field)
    {
        var (e, rejection) = Validate(json);
        Assert.Null(e);
        Assert.Equal(field, rejection!.Field);
    }

    [Fact]
    public void PixelQuery_MapsPropsAndTraits_AndRefusesBadUtf8()
    {
        var (e, _) = PixelQueryParser.Parse("?siteKey=s&visitorId=v&type=identify&email=a%40b.example&p.plan=pro&t.name=%E6%97%A5%E6%9C%AC+x");
        Assert.Equal(["plan"], e!.PropKeys);
        Assert.Equal("日本 x", e.Traits!["name"]);

        var (bad, rejection) = PixelQueryParser.Parse("?siteKey=s&visitorId=%C3%28&type=page_view");
        Assert.Null(bad);
        Assert.Equal("visitorId", rejection!.Field);
    }

    [Fact]
    public void PixelQuery_FieldGivenTwice_KeepsTheLastValue()
    {
        var (e, _) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=page_view&title=one&p.plan=a&title=two&p.plan=b&");
        Assert.Equal("two", e!.Title);
        Assert.Equal(["plan"], e.PropKeys);
        Assert.Equal(["b"], e.PropValues);
    }

    [Fact]
    public void PixelQuery_ThousandsOfFields_AreRefusedByTheirCount_AndTheLastOfARepeatedOneCounts()
    {
        var many = string.Join("&", Enumerable.Range(0, 3000).Select(i => $"p.k{i}=v"));
        var (e, rejection) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=page_view&" + many + "&title=a&title=b");
        Assert.Null(e);
        Assert.Equal("props", rejection!.Field);
        var (ok, _) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=page_view&" + string.Join("&", Enumerable.Range(0, 40).Select(i => $"x{i}=1")) + "&title=a&title=b&x3=2");
        Assert.Equal("b", ok!.Title);
    }

    [Theory]
    [InlineData("title=caf%C3%A9+au+lait", "café au lait")]
    [InlineData("title=café", "café")]
    [InlineData("title=%F0%9F%98%80", "😀")]
    [InlineData("title=😀+x", "😀 x")]
    [InlineData("title=a%2Bb%26c%3Dd", "a+b&c=d")]
    [InlineData("title=%ef%bc%a1", "Ａ")]
    public void PixelQuery_DecodesText(string field, string expected)
    {
        var (e, rejection) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=page_view&" + field);
        Assert.Null(rejection);
        Assert.Equal(expected, e!.Title);
    }

    [Fact]
    public void PixelQuery_UnencodedLoneSurrogate_BecomesReplacementCharacter()
    {
        // Not as InlineData: a lone surrogate does not survive the test case's own serialisation.
        var (e, _) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=page_view&title=a\ud83db");
        Assert.Equal("a\ufffdb", e!.Title);
    }

    [Theory]
    [InlineData("title=%4", "title")]
    [InlineData("title=%zz", "title")]
    [InlineData("title=%FF", "title")]
    [InlineData("tit%C0le=x", "tit%C0le")]
    [InlineData("type=nope", "type")]
    [InlineData("props=x", "props")]
    [InlineData("traits=x", "traits")]
    public void PixelQuery_BadField_IsNamed(string field, string expected)
    {
        var (e, rejection) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=page_view&" + field);
        Assert.Null(e);
        Assert.Equal(expected, rejection!.Field);
    }

    [Fact]
    public void CollectBatch_TooManyEvents_IsRefusedWhole()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("{}", WireLimits.MaxEventsPerBatch + 1)) + "]";
        var batch = CollectBatchParser.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        Assert.NotNull(batch.Error);
    }

    [Fact]
    public void Identify_TraitsAVisitorMayNotSet_AreDroppedAndNamed_AndTheEventIsKept()
    {
        var (e, rejection) = Validate("""
            {"siteKey":"s","visitorId":"v","type":"identify","email":"ann@example.com","traits":{
              "owner":"rep-b","sales_outcome":"won","email":"other@example.com","consent":"granted","stage":"hot",
              "interest_pricing":"99","Owner":"rep-c","会社名":"ACME","x":{},"bad":"\ud800",
              "jobTitle":"CTO","Company Name":"ACME","your-phone":"+81 3","job_title":"CEO"}}
            """);
        Assert.Null(rejection);
        Assert.Equal(new Dictionary<string, string> { ["job_title"] = "CTO", ["company_name"] = "ACME", ["your_phone"] = "+81 3" }, e!.Traits);
        Assert.All(e.Refused, r => Assert.True(r.EventKept));
        Assert.Equal(
            ["traits.owner", "traits.sales_outcome", "traits.email", "traits.consent", "traits.stage", "traits.interest_pricing",
             "traits.Owner", "traits.会社名", "traits.x", "traits.bad", "traits.job_title"],
            e.Refused.Select(r => r.Field));
    }

    [Fact]
    public void PixelIdentify_ReservedTraits_AreDroppedToo()
    {
        var (e, _) = PixelQueryParser.Parse("siteKey=s&visitorId=v&type=identify&email=ann%40example.com&t.owner=rep-b&t.company=ACME");
        Assert.Equal(new Dictionary<string, string> { ["company"] = "ACME" }, e!.Traits);
        Assert.Equal("traits.owner", Assert.Single(e.Refused).Field);
    }

    [Fact]
    public void CollectBatch_ListsDroppedTraitsBesideTheKeptEvent()
    {
        var body = """[{"siteKey":"s","visitorId":"v","type":"identify","email":"a@b.example","traits":{"owner":"x","name":"Ann"}}]""";
        var batch = CollectBatchParser.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Single(batch.Events);
        var refused = Assert.Single(batch.Rejected);
        Assert.Equal((0, "traits.owner", true), (refused.Index, refused.Field, refused.EventKept));
    }
}
