using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Ingest.Pipeline;

namespace Nurture.Ingest.Tests.Spool;

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
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(e, SpoolJson.Default.TrackedEvent), SpoolJson.Default.TrackedEvent)!;

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
}
