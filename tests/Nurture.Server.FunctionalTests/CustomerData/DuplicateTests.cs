using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>名寄せ end to end: candidate pairs with reasons, then a merge with survivorship that keeps everything once.</summary>
[Collection(SharedHost.Name)]
public sealed class DuplicateTests(NurtureApp app)
{
    [Fact]
    public async Task SamePersonTwice_IsListedWithReasons_ThenMergedWithChosenFields_AndHistoryCombined()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var first = await CreateAsync(new { email = $"dup-{tag}-a@example.com", name = "山田 太郎", company = "株式会社ナーチャー", phone = "+81312345678", title = "CTO" });
        // The same person from the web: tracked visits, then a form with slightly different details.
        var visitor = $"dup-{tag}";
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/?utm_source=google&utm_medium=cpc"),
                                     app.Event(visitor, url: "https://shop.example.com/pricing"),
                                     app.Event(visitor, type: "identify", url: null, extra: new { email = $"dup-{tag}-b@example.com", traits = new { name = "山田太郎", company = "ナーチャー(株)", phone = "03-1234-5678" } }));
        var second = (await app.LeadByEmailAsync($"dup-{tag}-b@example.com")).GetProperty("id").GetGuid();
        await CreateAsync(new { email = $"dup-{tag}-c@example.com", name = "佐藤 花子", company = "別会社" });

        var duplicates = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/duplicates?q=dup-{tag}"),
            d => d.GetProperty("leadsCompared").GetInt32() == 3 && d.GetProperty("total").GetInt32() >= 1);
        var pair = Assert.Single(duplicates.GetProperty("pairs").EnumerateArray());
        Assert.Equal(new[] { first, second }.Order(), new[] { pair.GetProperty("first").GetProperty("id").GetGuid(), pair.GetProperty("second").GetProperty("id").GetGuid() }.Order());
        Assert.Contains(pair.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("phone"));

        var (status, merged) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", new
        {
            leads = new[] { first, second }, survivor = first,
            rules = new { fields = new Dictionary<string, object> { ["company"] = new { choose = second.ToString() } } },
        });
        Assert.Equal(200, status);
        Assert.Equal(first, merged.GetProperty("survivor").GetGuid());
        Assert.Contains(merged.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("field").GetString() == "company" && d.GetProperty("reason").GetString()!.Contains("manual choice"));

        var lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{second}");
        Assert.Equal(first, lead.GetProperty("id").GetGuid());
        Assert.Equal(second, lead.GetProperty("resolvedFrom").GetGuid());
        Assert.Equal("ナーチャー(株)", lead.GetProperty("traits").GetProperty("company").GetProperty("value").GetString());
        Assert.Equal("CTO", lead.GetProperty("traits").GetProperty("title").GetProperty("value").GetString());
        Assert.Equal(2, lead.GetProperty("emails").GetArrayLength());
        Assert.Equal(3, lead.GetProperty("counters").GetProperty("events").GetInt64());
        Assert.Equal("paid_search", lead.GetProperty("firstTouch").GetProperty("source").GetProperty("channel").GetString());
        // Either email finds the one person; later visits of the merged visitor reach the survivor.
        Assert.Equal(first, (await app.LeadByEmailAsync($"dup-{tag}-b@example.com")).GetProperty("id").GetGuid());
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/contact"));
        await app.LeadByEmailAsync($"dup-{tag}-a@example.com", l => l.GetProperty("counters").GetProperty("events").GetInt64() == 4);

        var history = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{first}/history");
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "merged_lead" && c.GetProperty("newValue").GetString() == second.ToString());
        var merges = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{second}/merges");
        Assert.Equal(first, Assert.Single(merges.EnumerateArray()).GetProperty("survivor").GetGuid());

        // The list shows one person now, and no pair is left.
        var after = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/duplicates?q=dup-{tag}"),
            d => d.GetProperty("leadsCompared").GetInt32() == 2);
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }

    public static TheoryData<string, string> HostileMerges => new()
    {
        { "[]", "$" },
        { "{}", "$.leads" },
        { "{\"leads\": \"x\"}", "$.leads" },
        { "{\"leads\": [\"" + Guid.NewGuid() + "\"]}", "$.leads" },
        { "{\"leads\": [\"not-a-guid\", \"" + Guid.NewGuid() + "\"]}", "$.leads[0]" },
        { "{\"leads\": [\"" + Guid.NewGuid() + "\", \"" + Guid.NewGuid() + "\"], \"survivor\": 5}", "$.survivor" },
    };

    [Theory]
    [MemberData(nameof(HostileMerges))]
    public async Task HostileMerge_Is400_NamingTheField(string body, string field)
    {
        var (status, error) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", body);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, error).Keys);
    }

    [Fact]
    public async Task MergeRefusals_NameTheProblem()
    {
        var a = await CreateAsync(new { email = $"r-{Guid.NewGuid():N}@example.com" });
        var b = await CreateAsync(new { email = $"r-{Guid.NewGuid():N}@example.com" });
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", new { leads = new[] { a, Guid.NewGuid() } })).Status);
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", new { leads = new[] { a, a } });
        Assert.Equal("$.leads", ProblemBody.Of(status, body).Key);
        (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", new { leads = new[] { a, b }, survivor = Guid.NewGuid() });
        Assert.Equal("$.survivor", ProblemBody.Of(status, body).Key);
        (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", new { leads = new[] { a, b }, rules = new { fields = new { company = new { choose = Guid.NewGuid() } } } });
        Assert.Equal("$.rules.fields.company", ProblemBody.Of(status, body).Key);
        (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads/merge", new { leads = new[] { a, b }, rules = new { @default = "oldest" } });
        Assert.Equal("$.rules.default", ProblemBody.Of(status, body).Key);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Get, "/api/duplicates?minScore=2")).Status);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Get, "/api/duplicates?limit=0")).Status);
    }

    private async Task<Guid> CreateAsync(object traits)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits });
        Assert.Equal(201, status);
        return body.GetProperty("leadId").GetGuid();
    }
}
