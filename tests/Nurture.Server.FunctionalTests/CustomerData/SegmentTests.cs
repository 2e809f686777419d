using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>Segments: saved filters over traits and behaviour, membership recorded, flows triggered by joining.</summary>
[Collection(SharedHost.Name)]
public sealed class SegmentTests(NurtureApp app)
{
    [Fact]
    public async Task BehaviourSegment_JoinsRepeatPricingVisitors_StartsItsFlow_AndMembersLeaveWhenTheyNoLongerFit()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using (var flow = await app.Api().PutAsync($"/api/flows/seg-{tag}", new StringContent($$"""
            {
              "name": "Pricing fans", "trigger": { "segment": "pricing-{{tag}}" }, "start": "tag",
              "steps": [ { "id": "tag", "type": "set_trait", "trait": "nurture", "value": "pricing-fan", "next": "done" }, { "id": "done", "type": "end" } ]
            }
            """, Encoding.UTF8, "application/json")))
            Assert.Equal(200, (int)flow.StatusCode);
        Assert.Equal(200, (int)(await app.Api().PostAsync($"/api/flows/seg-{tag}/activate", null)).StatusCode);

        var (status, segment) = await app.SendJsonAsync(HttpMethod.Put, $"/api/segments/pricing-{tag}", $$"""
            { "name": "Repeat pricing visitors", "filter": { "known": true, "q": "{{tag}}", "traits": { "industry": "software" },
              "behaviour": [ { "type": "page_view", "pathPrefix": "/pricing", "atLeast": 2, "withinDays": 14 } ] } }
            """);
        Assert.Equal(200, status);
        Assert.Equal("Repeat pricing visitors", segment.GetProperty("name").GetString());

        var fan = $"fan-{tag}";
        var once = $"once-{tag}";
        await app.SendAsBrowserAsync(app.Event(fan, url: "https://shop.example.com/pricing"), app.Event(fan, url: "https://shop.example.com/pricing/team"),
            app.Event(fan, type: "identify", url: null, extra: new { email = $"{fan}@example.com", traits = new { industry = "software" } }));
        await app.SendAsBrowserAsync(app.Event(once, url: "https://shop.example.com/pricing"),
            app.Event(once, type: "identify", url: null, extra: new { email = $"{once}@example.com", traits = new { industry = "software" } }));
        var fanId = (await app.LeadByEmailAsync($"{fan}@example.com")).GetProperty("id").GetGuid();
        await app.LeadByEmailAsync($"{once}@example.com");

        var refresh = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().PostAsync($"/api/segments/pricing-{tag}/refresh", null).ContinueWith(r => r.Result.Content.ReadFromJsonAsync<JsonElement>()).Unwrap(),
            r => r.GetProperty("size").GetInt32() == 1);
        Assert.Equal(1, refresh.GetProperty("size").GetInt32());

        // Joining is in the lead's history, the segment's flow ran, and the list filters by it.
        var lead = await app.LeadByEmailAsync($"{fan}@example.com", l => l.GetProperty("traits").TryGetProperty("nurture", out _));
        Assert.Equal("pricing-fan", lead.GetProperty("traits").GetProperty("nurture").GetProperty("value").GetString());
        var history = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{fanId}/history");
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == $"segment:pricing-{tag}" && c.GetProperty("newValue").GetString() == "member");
        var members = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads?segment=pricing-{tag}"), l => l.GetProperty("total").GetInt64() == 1 && l.GetProperty("leads").GetArrayLength() == 1);
        Assert.Equal(fanId, members.GetProperty("leads")[0].GetProperty("id").GetGuid());
        var sizes = await app.Api().GetFromJsonAsync<JsonElement>("/api/analysis/segments");
        Assert.Contains(sizes.EnumerateArray(), s => s.GetProperty("id").GetString() == $"pricing-{tag}" && s.GetProperty("size").GetInt32() == 1);

        // No longer in the industry: the next refresh takes the lead out, and says so in its history.
        await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{fanId}", new { traits = new { industry = "retail" } });
        refresh = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().PostAsync($"/api/segments/pricing-{tag}/refresh", null).ContinueWith(r => r.Result.Content.ReadFromJsonAsync<JsonElement>()).Unwrap(),
            r => r.GetProperty("size").GetInt32() == 0);
        Assert.Equal(0, refresh.GetProperty("size").GetInt32());
        history = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{fanId}/history");
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == $"segment:pricing-{tag}" && c.GetProperty("oldValue").GetString() == "member");

        Assert.Equal(204, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/segments/pricing-{tag}")).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/segments/pricing-{tag}")).Status);
    }

    [Fact]
    public async Task SimpleSegment_IsJoinedAndLeftByTheLeadItself_AsItChanges_WithoutARefresh()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (status, _) = await app.SendJsonAsync(HttpMethod.Put, $"/api/segments/cto-{tag}", new { name = "CTOs", filter = new { q = tag, traits = new { title = "CTO" } } });
        Assert.Equal(200, status);
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"cto-{tag}@example.com", title = "CTO" } });
        var id = created.GetProperty("leadId").GetGuid();

        // The lead joined as it saved: no refresh asked for.
        var lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/history");
        Assert.Contains(lead.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == $"segment:cto-{tag}" && c.GetProperty("newValue").GetString() == "member");

        await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", new { traits = new { title = "CEO" } });
        lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/history");
        Assert.Contains(lead.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == $"segment:cto-{tag}" && c.GetProperty("oldValue").GetString() == "member");
        await app.SendJsonAsync(HttpMethod.Delete, $"/api/segments/cto-{tag}");
    }

    [Fact]
    public async Task SimpleSegmentMadeAfterItsLeadsWentQuiet_TheRefreshBringsThemIn()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"quiet-{tag}@example.com", plan = "gold" } });
        var id = created.GetProperty("leadId").GetGuid();
        await ClickHouseProbe.EventuallyAsync(() => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads?q=quiet-{tag}"), l => l.GetProperty("total").GetInt64() == 1);
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Put, $"/api/segments/gold-{tag}", new { name = "Gold", filter = new { q = tag, traits = new { plan = "gold" } } })).Status);

        var refresh = await app.Api().PostAsync($"/api/segments/gold-{tag}/refresh", null);
        Assert.Equal(1, (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("size").GetInt32());
        var lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}");
        Assert.Contains($"gold-{tag}", lead.GetProperty("segments").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task RejectedBySales_JoinsARecycleSegment_AndItsFlowTakesTheLeadBackIntoNurturing()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Put, $"/api/segments/recycle-{tag}",
            new { name = "Rejected by sales", filter = new { q = tag, traits = new { sales_outcome = "rejected" } } })).Status);
        using (var flow = await app.Api().PutAsync($"/api/flows/recycle-{tag}", new StringContent($$"""
            { "name": "Recycle", "trigger": { "segment": "recycle-{{tag}}" }, "start": "tag",
              "steps": [ { "id": "tag", "type": "set_trait", "trait": "nurture", "value": "recycled", "next": "done" }, { "id": "done", "type": "end" } ] }
            """, Encoding.UTF8, "application/json")))
            Assert.Equal(200, (int)flow.StatusCode);
        Assert.Equal(200, (int)(await app.Api().PostAsync($"/api/flows/recycle-{tag}/activate", null)).StatusCode);
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"recycle-{tag}@example.com" } });
        var id = created.GetProperty("leadId").GetGuid();

        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Post, $"/api/leads/{id}/feedback", new { outcome = "rejected", reason = "bad_timing" })).Status);
        var lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}");
        Assert.Equal("recycled", lead.GetProperty("traits").GetProperty("nurture").GetProperty("value").GetString());
        Assert.Contains($"recycle-{tag}", lead.GetProperty("segments").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("{}", "$.name")]
    [InlineData("{\"name\": \"x\"}", "$.conditions")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"stage\": [\"boiling\"]}}", "$.filter.stage[0]")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"colour\": \"red\"}}", "$.filter.colour")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"touch\": \"middle\"}}", "$.filter.touch")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"traits\": {\"Bad Name\": \"x\"}}}", "$.filter.traits['Bad Name']")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"traits\": {\"bad_value\": 5}}}", "$.filter.traits.bad_value")]
    [InlineData("{not json", "$")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"behaviour\": [{\"type\": \"page_view\", \"atLeast\": 0}]}}", "$.filter.behaviour[0].atLeast")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"behaviour\": [{\"atLeast\": 2}]}}", "$.filter.behaviour[0].type")]
    [InlineData("{\"name\": \"x\", \"filter\": {\"minFit\": \"high\"}}", "$.filter.minFit")]
    public async Task BadDefinition_Is400_WithTheJsonPath(string body, string path)
    {
        var (status, error) = await app.SendJsonAsync(HttpMethod.Put, "/api/segments/bad", body);
        Assert.Equal(400, status);
        Assert.Contains(path, ProblemBody.Of(status, error).Keys);
    }

    [Theory]
    [InlineData("/api/segments/Bad%20Id", "PUT", 400)]
    [InlineData("/api/segments/nope", "GET", 404)]
    [InlineData("/api/segments/nope", "DELETE", 404)]
    [InlineData("/api/segments/nope/refresh", "POST", 404)]
    public async Task UnknownOrMalformedIds_AreClear(string path, string method, int expected)
    {
        var (status, _) = await app.SendJsonAsync(new HttpMethod(method), path, method == "PUT" ? "{\"name\":\"x\",\"filter\":{}}" : null);
        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task NotJson_Is400()
    {
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Put, "/api/segments/x", "{nope")).Status);
    }
}
