using System.Text.Json;
using Nurture.Abstractions.Events;

namespace Nurture.Spool.Tests;

public sealed class SpoolJsonTests
{
    private static TrackedEvent Event(string eventId, string? title = "Pricing", string? url = "https://shop.example.com/pricing") => new()
    {
        EventId = eventId,
        SiteId = Guid.NewGuid(),
        VisitorId = "v1",
        LeadId = Guid.NewGuid(),
        Type = "page_view",
        Url = url,
        Title = title,
        Source = new AcquisitionSource { Channel = "paid_search", UtmSource = "google" },
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    private static TrackedEvent RoundTrip(TrackedEvent e) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(e, SpoolJson.Writer), SpoolJson.Reader)!;

    [Fact]
    public void RepeatedValues_ReadAsOneInstance_UniqueOnesAsThemselves()
    {
        var first = RoundTrip(Event("e1"));
        var second = RoundTrip(Event("e2"));

        Assert.Same(first.Type, second.Type);
        Assert.Same(first.Url, second.Url);
        Assert.Same(first.Title, second.Title);
        Assert.Same(first.Source.Channel, second.Source.Channel);
        Assert.Same(first.Source.UtmSource, second.Source.UtmSource);
        Assert.Equal("e1", first.EventId);
        Assert.Equal("e2", second.EventId);
    }

    [Theory]
    [InlineData("Prix \"spécial\" – 50 % 🎉")]
    [InlineData("tab\there, back\\slash, <script>")]
    [InlineData("")]
    [InlineData(null)]
    public void EscapedUnicodeEmptyAndMissingValues_ReadBackUnchanged(string? title)
    {
        Assert.Equal(title, RoundTrip(Event("e3", title: title)).Title);
        Assert.Equal(title, RoundTrip(Event("e4", title: title)).Title);
    }

    [Fact]
    public void ALongValue_ReadsBackWhole()
    {
        var url = "https://shop.example.com/" + new string('a', 5000) + "é";
        Assert.Equal(url, RoundTrip(Event("e5", url: url)).Url);
    }

    [Fact]
    public void ManyDistinctValues_AllReadBackRight_WhileTheTableStartsOver()
    {
        for (var i = 0; i < 40_000; i++)
        {
            var title = $"Title {i}";
            Assert.Equal(title, RoundTrip(Event($"e{i}", title: title)).Title);
        }
    }

    [Fact]
    public void TheWriter_IsTheGeneratedCodeAlone()
    {
        // A [JsonConverter] on any property of the event would silently switch writing to the slower metadata path.
        Assert.NotNull(SpoolJson.Writer.SerializeHandler);
    }

    [Fact]
    public void AnEventWithEveryField_ReadsBackAsWritten()
    {
        var e = Event("e6") with
        {
            Name = "signup", Host = "shop.example.com", Path = "/pricing", Query = "a=1", Referrer = "https://www.google.com/",
            ReferrerHost = "www.google.com", DeviceClass = "mobile", Browser = "Safari", Os = "iOS", IsBot = true,
            PropKeys = ["plan"], PropValues = ["pro"], Email = "ann@example.com", Traits = new Dictionary<string, string> { ["name"] = "Ann" },
            ClientTime = DateTimeOffset.UnixEpoch.AddHours(1), UserAgent = "Mozilla/5.0", ClientIp = "10.0.0.1",
            SpoolNode = "node-a", SpoolSeq = 42, LinkLeadId = Guid.NewGuid(),
            Source = new AcquisitionSource
            {
                Channel = "paid_search", UtmSource = "google", UtmMedium = "cpc", UtmCampaign = "spring", UtmTerm = "crm",
                UtmContent = "ad1", ClickIdName = "gclid", ClickId = "abc",
            },
        };
        var written = JsonSerializer.Serialize(e, SpoolJson.Writer);
        // Every field the generated writer knows is set here, so a field the hand-written reader misses fails this test.
        using (var document = JsonDocument.Parse(written))
        {
            foreach (var property in SpoolJson.Writer.Properties) Assert.True(document.RootElement.TryGetProperty(property.Name, out _), property.Name);
            foreach (var property in SpoolJson.Default.AcquisitionSource.Properties)
                Assert.True(document.RootElement.GetProperty("source").TryGetProperty(property.Name, out _), "source." + property.Name);
        }

        Assert.Equal(written, JsonSerializer.Serialize(RoundTrip(e), SpoolJson.Writer));
    }

    [Fact]
    public void FieldsInAnyOrder_UnknownOnes_AndNulls_ReadAsTheGeneratedReaderWould()
    {
        var json = """
            { "future": { "nested": [1, {"a": null}] }, "receivedAt": "2026-12-07T04:00:00+00:00", "type": "page_view",
              "leadId": "6f9619ff-8b86-d011-b42d-00c04fc964ff", "browser": null, "propKeys": null, "traits": { "plan": "pro" },
              "source": { "clickId": "x", "channel": "email", "later": true }, "visitorId": "v1",
              "siteId": "7f9619ff-8b86-d011-b42d-00c04fc964ff", "eventId": "e9", "isBot": true, "spoolSeq": 7 }
            """;

        var e = JsonSerializer.Deserialize(json, SpoolJson.Reader)!;

        Assert.Equal("e9", e.EventId);
        Assert.Equal("page_view", e.Type);
        Assert.Equal(DateTimeOffset.Parse("2026-12-07T04:00:00Z"), e.ReceivedAt);
        Assert.Equal("Unknown", e.Browser);
        Assert.Empty(e.PropKeys);
        Assert.Equal("pro", e.Traits!["plan"]);
        Assert.Equal(("email", "x"), (e.Source.Channel, e.Source.ClickId));
        Assert.True(e.IsBot);
        Assert.Equal(7, e.SpoolSeq);
        Assert.Null(e.Url);
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("siteId")]
    [InlineData("visitorId")]
    [InlineData("leadId")]
    [InlineData("type")]
    [InlineData("receivedAt")]
    public void ARequiredFieldMissing_IsAJsonError(string field)
    {
        var written = JsonSerializer.SerializeToNode(Event("e10"), SpoolJson.Writer)!.AsObject();
        written.Remove(field);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(written.ToJsonString(), SpoolJson.Reader));
    }

    [Fact]
    public void EveryRepeatingField_IsShared()
    {
        var e = Event("e7") with
        {
            Name = "n", Host = "h", Path = "/p", Referrer = "r", ReferrerHost = "rh", DeviceClass = "d", Browser = "b", Os = "o", UserAgent = "ua",
            Source = new AcquisitionSource { Channel = "c", UtmSource = "s", UtmMedium = "m", UtmCampaign = "ca", UtmTerm = "t", UtmContent = "co", ClickIdName = "ci" },
        };
        var first = RoundTrip(e);
        var second = RoundTrip(e with { EventId = "e8" });

        foreach (var (a, b) in new[]
                 {
                     (first.Type, second.Type), (first.Name, second.Name), (first.Url, second.Url), (first.Host, second.Host),
                     (first.Path, second.Path), (first.Referrer, second.Referrer), (first.ReferrerHost, second.ReferrerHost),
                     (first.Title, second.Title), (first.DeviceClass, second.DeviceClass), (first.Browser, second.Browser),
                     (first.Os, second.Os), (first.UserAgent, second.UserAgent), (first.Source.Channel, second.Source.Channel),
                     (first.Source.UtmSource, second.Source.UtmSource), (first.Source.UtmMedium, second.Source.UtmMedium),
                     (first.Source.UtmCampaign, second.Source.UtmCampaign), (first.Source.UtmTerm, second.Source.UtmTerm),
                     (first.Source.UtmContent, second.Source.UtmContent), (first.Source.ClickIdName, second.Source.ClickIdName),
                 })
        {
            Assert.Same(a, b);
        }
    }

    [Fact]
    public void ADirectVisit_AndNoProps_ReadAsSharedInstances()
    {
        var e = RoundTrip(Event("e11") with { Source = AcquisitionSource.Direct, PropKeys = [], PropValues = [] });

        Assert.Same(AcquisitionSource.Direct, e.Source);
        Assert.Empty(e.PropKeys);
        Assert.Same(e.PropKeys, RoundTrip(Event("e12") with { PropKeys = [] }).PropKeys);
        Assert.Equal("newsletter", RoundTrip(Event("e13") with { Source = new AcquisitionSource { Channel = "direct", UtmSource = "newsletter" } }).Source.UtmSource);
    }
}
