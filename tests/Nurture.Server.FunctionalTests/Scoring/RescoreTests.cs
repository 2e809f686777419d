using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Scoring;

public sealed class RescoreTests(NurtureApp app) : IClassFixture<NurtureApp>
{
    [Fact]
    public async Task Rescore_AppliesANewModelToExistingLeads_InTheBackground()
    {
        var visitor = "rescore-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        await app.SendAsBrowserAsync(
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, type: "identify", url: null, extra: new { email }));
        // The same person on a second device: two lead ids with events, one person to re-score.
        var phone = "phone-" + visitor;
        await app.SendAsBrowserAsync(
            app.Event(phone, url: "https://shop.example.com/docs"),
            app.Event(phone, type: "identify", url: null, extra: new { email }));
        var lead = await app.LeadByEmailAsync(email, l => ClickHouseProbe.Has(l, 5, "counters", "events"));
        var id = lead.GetProperty("id").GetGuid();
        var api = app.Api();
        Assert.Equal(20, await PricingAsync(api, id), precision: 1);

        // A new model: pricing pages are worth 25 now.
        var model = JsonNode.Parse((await api.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("model").GetRawText())!;
        model["rules"]!.AsArray().Single(r => (string?)r!["id"] == "pricing-page")!["points"] = 25;
        var changed = model.ToJsonString();
        using (var saved = await api.PutAsync("/api/scoring/model", new StringContent(changed, Encoding.UTF8, "application/json")))
            Assert.Equal(200, (int)saved.StatusCode);
        Assert.Equal(20, await PricingAsync(api, id), precision: 1);

        // Events must be in ClickHouse before their lead can be replayed; the job waits for them anyway.
        await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.CountAsync($"visitor_id = '{visitor}' OR visitor_id = '{phone}'"), n => n == 5);
        // One lead re-scored by hand (the lead page's button), then every lead by the job.
        using (var one = await api.PostAsync($"/api/leads/{id}/rescore", null)) Assert.Equal(200, (int)one.StatusCode);
        Assert.Equal(50, await PricingAsync(api, id), precision: 1);
        using (var started = await api.PostAsync("/api/scoring/rescore", null)) Assert.Equal(202, (int)started.StatusCode);
        var status = await ClickHouseProbe.EventuallyAsync(
            async () => await api.GetFromJsonAsync<JsonElement>("/api/scoring/rescore"),
            s => s.GetProperty("state").GetString() == "done", TimeSpan.FromSeconds(60));
        // Listed under both ids, re-scored once: when the walk reaches the first of them.
        Assert.Equal(1, status.GetProperty("leadsRescored").GetInt64());
        Assert.Equal(50, await PricingAsync(api, id), precision: 1);
    }

    private static async Task<double> PricingAsync(HttpClient api, Guid id)
    {
        var score = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/score");
        return score.GetProperty("score").GetProperty("interest").GetProperty("pricing").GetDouble();
    }
}
