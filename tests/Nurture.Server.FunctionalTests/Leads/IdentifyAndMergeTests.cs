using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Leads;

[Collection(SharedHost.Name)]
public sealed class IdentifyAndMergeTests(NurtureApp app)
{
    [Fact]
    public async Task AnonymousVisits_ThenIdentify_OneLeadWithAllHistory()
    {
        var visitor = "anon-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        await SendAsync(
            app.Event(visitor, url: "https://shop.example.com/?utm_source=news&utm_medium=email&utm_campaign=nov", extra: new { props = new { tz = "Asia/Tokyo", lang = "ja" } }),
            app.Event(visitor, url: "https://shop.example.com/pricing"));
        await SendAsync(app.Event(visitor, type: "identify", url: null, extra: new { email = email.ToUpperInvariant(), traits = new { name = "Aiko", company = "ACME" } }));

        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("counters").GetProperty("events").GetInt64() == 3);
        Assert.True(lead.GetProperty("known").GetBoolean());
        Assert.Equal(2, lead.GetProperty("counters").GetProperty("pageViews").GetInt64());
        Assert.Equal(1, lead.GetProperty("counters").GetProperty("sessions").GetInt64());
        Assert.Equal("Aiko", lead.GetProperty("traits").GetProperty("name").GetProperty("value").GetString());
        Assert.Equal("email", lead.GetProperty("firstTouch").GetProperty("source").GetProperty("channel").GetString());
        Assert.Equal("nov", lead.GetProperty("firstTouch").GetProperty("source").GetProperty("utmCampaign").GetString());
        Assert.Equal("Asia/Tokyo", lead.GetProperty("timeZone").GetString());

        var id = lead.GetProperty("id").GetGuid();
        var timeline = await ClickHouseProbe.EventuallyAsync(() => TimelineAsync(id), t => t.GetProperty("events").GetArrayLength() == 3);
        Assert.Equal(["identify", "page_view", "page_view"], timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task TwoDevices_SameEmail_MergeIntoTheKnownLead_AndTheOldIdForwards()
    {
        var email = $"merge-{Guid.NewGuid():N}@example.com";
        var laptop = "laptop-" + Guid.NewGuid().ToString("N");
        var phone = "phone-" + Guid.NewGuid().ToString("N");
        await SendAsync(app.Event(laptop, url: "https://shop.example.com/?utm_source=google&utm_medium=cpc"),
                        app.Event(laptop, type: "identify", url: null, extra: new { email, traits = new { title = "CTO" } }));
        var first = await app.LeadByEmailAsync(email);
        var survivor = first.GetProperty("id").GetGuid();

        await SendAsync(app.Event(phone, url: "https://shop.example.com/features"),
                        app.Event(phone, url: "https://shop.example.com/pricing"),
                        app.Event(phone, type: "identify", url: null, extra: new { email, traits = new { title = "CEO" } }),
                        app.Event(phone, url: "https://shop.example.com/contact"));

        var merged = await app.LeadByEmailAsync(email, l => l.GetProperty("counters").GetProperty("events").GetInt64() == 6);
        Assert.Equal(survivor, merged.GetProperty("id").GetGuid());
        Assert.Equal(4, merged.GetProperty("counters").GetProperty("pageViews").GetInt64());
        Assert.Equal(2, merged.GetProperty("visitors").GetArrayLength());
        Assert.Equal("CEO", merged.GetProperty("traits").GetProperty("title").GetProperty("value").GetString());
        Assert.Contains(merged.GetProperty("traitHistory").EnumerateArray(), c => c.GetProperty("newValue").GetString() == "CTO");
        Assert.Equal("paid_search", merged.GetProperty("firstTouch").GetProperty("source").GetProperty("channel").GetString());

        // The phone's anonymous lead id now answers the survivor, and says so.
        var mergedAway = Assert.Single(merged.GetProperty("mergedIds").EnumerateArray()).GetGuid();
        using var forwarded = await app.Api().GetAsync($"/api/leads/{mergedAway}");
        var body = await forwarded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(survivor, body.GetProperty("id").GetGuid());
        Assert.Equal(mergedAway, body.GetProperty("resolvedFrom").GetGuid());

        // ClickHouse knows the merge too, for analytics that join events to people.
        var aliases = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT toString(survivor_id) AS s FROM lead_aliases FINAL WHERE merged_id = toUUID('{mergedAway}')"),
            rows => rows.Count == 1);
        Assert.Equal(survivor.ToString(), Assert.Single(aliases).GetProperty("s").GetString());

        // Later phone events still reach the survivor, and history covers both devices.
        await SendAsync(app.Event(phone, url: "https://shop.example.com/thanks"));
        await app.LeadByEmailAsync(email, l => l.GetProperty("counters").GetProperty("events").GetInt64() == 7);
        var timeline = await ClickHouseProbe.EventuallyAsync(() => TimelineAsync(mergedAway), t => t.GetProperty("events").GetArrayLength() == 7);
        Assert.Equal(2, timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("visitorId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Timeline_PagesNewestFirst_WithCursor()
    {
        var visitor = "pages-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        await SendAsync(Enumerable.Range(0, 7).Select(i => app.Event(visitor, url: $"https://shop.example.com/p{i}", eventId: $"ev{i}"))
            .Append(app.Event(visitor, type: "identify", url: null, extra: new { email })).ToArray());
        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("counters").GetProperty("events").GetInt64() == 8);
        var id = lead.GetProperty("id").GetGuid();
        await ClickHouseProbe.EventuallyAsync(() => TimelineAsync(id), t => t.GetProperty("events").GetArrayLength() == 8);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await TimelineAsync(id, $"limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Equal(8, seen.Count);
        Assert.Equal(8, seen.Distinct().Count());

        using var bad = await app.Api().GetAsync($"/api/leads/{id}/timeline?limit=0&cursor=%%%&from=yesterday");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal(["from", "limit", "cursor"], (await ProblemBody.ReadAsync(bad)).Keys);
    }

    private Task SendAsync(params object[] events) => app.SendAsBrowserAsync(events);

    private async Task<JsonElement> TimelineAsync(Guid id, string query = "limit=100")
    {
        using var response = await app.Api().GetAsync($"/api/leads/{id}/timeline?{query}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : JsonDocument.Parse("{\"events\":[],\"nextCursor\":null}").RootElement;
    }
}
