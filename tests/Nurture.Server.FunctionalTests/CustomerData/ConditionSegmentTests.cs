using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>
/// Segments from the console's condition builder: groups of all/any over fields, traits, scores, other
/// segments and behaviour (pages by pattern, forms, a template's clicks, "never"), previewed while editing
/// and evaluated by ClickHouse exactly as docs/segments.md says.
/// </summary>
[Collection(SharedHost.Name)]
public sealed class ConditionSegmentTests(NurtureApp app)
{
    [Fact]
    public async Task Conditions_AllAndAnyGroups_OverTraitsAndBehaviour_PreviewAndSaveTheSameMembers()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Aoi: two pricing pages and the contact form. Ben: one pricing page, director. Cy: only the blog.
        var (aoi, ben, cy) = ($"aoi-{tag}", $"ben-{tag}", $"cy-{tag}");
        await app.SendAsBrowserAsync(app.Event(aoi, url: "https://shop.example.com/pricing"), app.Event(aoi, url: "https://shop.example.com/pricing/team"),
            app.Event(aoi, type: "form_submit", url: "https://shop.example.com/contact", extra: new { props = new { form = "contact" } }),
            app.Event(aoi, type: "identify", url: null, extra: new { email = $"{aoi}@example.com", traits = new { batch = tag, title = "Engineer" } }));
        await app.SendAsBrowserAsync(app.Event(ben, url: "https://shop.example.com/pricing"),
            app.Event(ben, type: "identify", url: null, extra: new { email = $"{ben}@example.com", traits = new { batch = tag, title = "Sales Director" } }));
        await app.SendAsBrowserAsync(app.Event(cy, url: "https://shop.example.com/blog/one"),
            app.Event(cy, type: "identify", url: null, extra: new { email = $"{cy}@example.com", traits = new { batch = tag, title = "Intern" } }));
        foreach (var who in new[] { aoi, ben, cy }) await app.LeadByEmailAsync($"{who}@example.com");

        // In the batch, and: (twice on a pricing page AND sent the contact form) OR a director of any kind.
        var definition = new
        {
            name = "Hot " + tag,
            conditions = new
            {
                all = new object[]
                {
                    new { trait = "batch", op = "is", value = tag },
                    new
                    {
                        any = new object[]
                        {
                            new { all = new object[] { new { did = "page_view", path = "/pricing*", atLeast = 2, withinDays = 7 }, new { did = "form_submit", props = new { form = "CONTACT" } } } },
                            new { trait = "title", op = "contains", value = "director" },
                        },
                    },
                },
            },
        };
        var preview = await ClickHouseProbe.EventuallyAsync(async () => (await app.SendJsonAsync(HttpMethod.Post, "/api/segments/preview", definition)).Body,
            // The size and the sample are two queries: both must have caught up with the events.
            p => p.GetProperty("size").GetInt64() == 2 && p.GetProperty("sample").GetArrayLength() == 2);
        Assert.Equal([$"{aoi}@example.com", $"{ben}@example.com"],
            preview.GetProperty("sample").EnumerateArray().Select(l => l.GetProperty("email").GetString()).Order());

        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Put, $"/api/segments/hot-{tag}", definition)).Status);
        var refresh = await (await app.Api().PostAsync($"/api/segments/hot-{tag}/refresh", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, refresh.GetProperty("size").GetInt32());

        // Never on the pricing page, in the batch and not in the hot segment: Cy alone.
        var cold = new
        {
            name = "Cold " + tag,
            conditions = new
            {
                all = new object[]
                {
                    new { trait = "batch", op = "is", value = tag },
                    new { did = "page_view", path = "/pricing*", never = true },
                    new { segment = $"hot-{tag}", member = false },
                },
            },
        };
        var coldPreview = await ClickHouseProbe.EventuallyAsync(async () => (await app.SendJsonAsync(HttpMethod.Post, "/api/segments/preview", cold)).Body,
            p => p.GetProperty("size").GetInt64() == 1 && p.GetProperty("sample").GetArrayLength() == 1);
        Assert.Equal($"{cy}@example.com", coldPreview.GetProperty("sample")[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Interest_IsTheLeadsDecayedPointsInTheCategory_AndACategoryNeverScoredReadsZero()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Aoi reads the pricing pages (the default model's "pricing" category); Cy only the blog.
        var (aoi, cy) = ($"aoi-{tag}", $"cy-{tag}");
        await app.SendAsBrowserAsync(app.Event(aoi, url: "https://shop.example.com/pricing"), app.Event(aoi, url: "https://shop.example.com/pricing/team"),
            app.Event(aoi, type: "identify", url: null, extra: new { email = $"{aoi}@example.com", traits = new { batch = tag } }));
        await app.SendAsBrowserAsync(app.Event(cy, url: "https://shop.example.com/blog/one"),
            app.Event(cy, type: "identify", url: null, extra: new { email = $"{cy}@example.com", traits = new { batch = tag } }));
        foreach (var who in new[] { aoi, cy }) await app.LeadByEmailAsync($"{who}@example.com");

        object Segment(object test) => new { name = "Interest " + tag, conditions = new { all = new[] { new { trait = "batch", op = "is", value = tag }, test } } };
        var pricing = await ClickHouseProbe.EventuallyAsync(
            async () => (await app.SendJsonAsync(HttpMethod.Post, "/api/segments/preview", Segment(new { interest = "pricing", atLeast = 0.5 }))).Body,
            p => p.GetProperty("size").GetInt64() == 1 && p.GetProperty("sample").GetArrayLength() == 1);
        Assert.Equal($"{aoi}@example.com", pricing.GetProperty("sample")[0].GetProperty("email").GetString());

        // Nobody scored in a category the model lacks: at least 0 takes both, at least 0.5 nobody.
        var (_, none) = await app.SendJsonAsync(HttpMethod.Post, "/api/segments/preview", Segment(new { interest = "'); DROP TABLE events; --", atLeast = 0.5 }));
        Assert.Equal(0, none.GetProperty("size").GetInt64());
        var (_, everyone) = await app.SendJsonAsync(HttpMethod.Post, "/api/segments/preview", Segment(new { interest = "no-such-category", atLeast = 0 }));
        Assert.Equal(2, everyone.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Conditions_WithSimpleTestsOnly_AreJoinedByTheLeadItself()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var definition = new
        {
            name = "Software or retail " + tag,
            conditions = new
            {
                all = new object[]
                {
                    new { trait = "batch", op = "is", value = tag },
                    new { any = new object[] { new { trait = "industry", op = "is", value = "Software" }, new { trait = "industry", op = "starts_with", value = "ret" } } },
                },
            },
        };
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Put, $"/api/segments/simple-{tag}", definition)).Status);
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"shop-{tag}@example.com", batch = tag, industry = "Retail" } });
        var id = created.GetProperty("leadId").GetGuid();
        var history = await ClickHouseProbe.EventuallyAsync(() => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/history"),
            h => h.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("field").GetString() == $"segment:simple-{tag}"));
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == $"segment:simple-{tag}" && c.GetProperty("newValue").GetString() == "member");
    }

    public static TheoryData<string, string> HostileConditions => new()
    {
        { """{"name": "x", "conditions": {"all": [{"trait": "batch", "op": "is", "value": "'); DROP TABLE events; --"}]}}""", "" },
        { """{"name": "x", "conditions": {"all": [{"field": "company", "op": "contains", "value": "\\' OR 1=1 --"}]}}""", "" },
        { """{"name": "x", "conditions": {"did": "page_view", "path": "/%_\\*'\u0000"}}""", "" },
        { """{"name": "x", "conditions": {"did": "email_click", "template": "x' OR '1", "link": "*%'", "props": {"k') OR (1": "v"}}}""", "" },
        { """{"name": "x", "conditions": {"segment": "'); SELECT 1; --"}}""", "" },
        { """{"name": "x", "conditions": {"all": [{"field": "stage", "op": "is", "value": "ＳＱＬ 🎉 \u202e"}]}}""", "" },
        { """{"name": "x", "conditions": {"score": "fit", "atLeast": 1e308}}""", "$.conditions.atLeast" },
        { """{"name": "x", "conditions": {"all": [{"trait": "a", "op": "is", "value": 5}]}}""", "$.conditions.all[0].value" },
        { """{"name": "x", "conditions": null}""", "$.conditions" },
        { """{"name": "x", "conditions": {"all": "everyone"}}""", "$.conditions.all" },
        { """{"name": "x"}""", "$.conditions" },
    };

    [Theory]
    [MemberData(nameof(HostileConditions))]
    public async Task Preview_HostileConditions_AreMatchedLiterallyOrRefusedByField_NeverA5xx(string body, string errorPath)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await app.Api().PostAsync("/api/segments/preview", content);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (errorPath.Length == 0)
        {
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(0, answer.GetProperty("size").GetInt64());
        }
        else
        {
            Assert.Equal(400, (int)response.StatusCode);
            Assert.True(answer.GetProperty("errors").TryGetProperty(errorPath, out _), answer.GetRawText());
        }
    }

    [Fact]
    public async Task Save_ASegmentThatTestsItsOwnMembership_IsRefused()
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Put, "/api/segments/loop", new { name = "Loop", conditions = new { segment = "loop" } });
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("$.conditions", out _));
    }
}
