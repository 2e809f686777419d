using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Scoring;

[Collection(SharedHost.Name)]
public sealed class LeadScoreTests(NurtureApp app)
{
    [Fact]
    public async Task Behaviour_MovesScoresInRealTime_WithReasons_AndEveryChangeLandsInClickHouse()
    {
        var visitor = "score-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme-corp.example";
        await app.SendAsBrowserAsync(
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing/enterprise"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/docs/start"),
            app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { jobTitle = "CTO" } }));

        var lead = await app.LeadByEmailAsync(email, l => ClickHouseProbe.Has(l, 6, "counters", "events"));
        var id = lead.GetProperty("id").GetGuid();
        var body = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/score");
        var score = body.GetProperty("score");

        // Default model: pricing-page gives 10, at most 3 a day; docs-page 2; corporate email 15 + CTO 20 fit.
        Assert.Equal(30, score.GetProperty("interest").GetProperty("pricing").GetDouble(), precision: 1);
        Assert.Equal(2, score.GetProperty("interest").GetProperty("content").GetDouble(), precision: 1);
        Assert.Equal(35, score.GetProperty("fit").GetDouble());
        Assert.Equal("B", score.GetProperty("grade").GetString());
        Assert.Equal("engaged", score.GetProperty("stage").GetString());
        Assert.Equal(["corporate-email", "decision-maker"], score.GetProperty("fitRules").EnumerateArray().Select(r => r.GetString()));
        var top = score.GetProperty("topContributions").EnumerateArray().ToList();
        Assert.Equal(4, top.Count);
        Assert.Equal("pricing-page", top[0].GetProperty("ruleId").GetString());

        var rows = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT kind, key, stage FROM score_changes WHERE lead_id = toUUID('{id}') ORDER BY at_ms, kind, key"),
            r => r.Count >= 6);
        var kinds = rows.Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Equal(4, kinds.Count(k => k == "rule"));
        Assert.Equal(1, kinds.Count(k => k == "fit"));
        Assert.Contains(rows, r => r.GetProperty("kind").GetString() == "stage" && r.GetProperty("key").GetString() == "engaged");
    }

    [Fact]
    public async Task Score_UnknownOrBadLead_AnswersClearly()
    {
        Assert.Equal(404, (int)(await app.Api().GetAsync($"/api/leads/{Guid.NewGuid()}/score")).StatusCode);
        Assert.Equal(400, (int)(await app.Api().GetAsync("/api/leads/nope/score")).StatusCode);
        Assert.Equal(401, (int)(await app.CreateClient().GetAsync($"/api/leads/{Guid.NewGuid()}/score")).StatusCode);
    }
}
