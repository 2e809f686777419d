using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>A flow's notify_sales step hands the lead over like a hot lead, with the flow's note.</summary>
public sealed class NotifySalesTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    [Fact]
    public async Task QuoteRequest_InAFlow_AlertsTheWorkspaceAndEmailsTheRep_WithTheNote_Once()
    {
        var api = app.Api();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var repEmail = $"quotes-{tag}@sales.example";
        (await api.PostAsJsonAsync("/api/reps", new { id = $"quotes-{tag}", name = "Quinn", email = repEmail, capacity = 10 })).EnsureSuccessStatusCode();
        using (var saved = await api.PutAsync($"/api/flows/quote-{tag}", new StringContent($$"""
            {
              "name": "Quote requests", "trigger": { "event": { "type": "form_submit", "path": "/quote-{{tag}}" } }, "start": "tell",
              "steps": [ { "id": "tell", "type": "notify_sales", "note": "asked for a quote", "next": "done" }, { "id": "done", "type": "end" } ]
            }
            """, Encoding.UTF8, "application/json")))
            Assert.Equal(200, (int)saved.StatusCode);
        Assert.Equal(200, (int)(await api.PostAsync($"/api/flows/quote-{tag}/activate", null)).StatusCode);

        var visitor = $"quote-{tag}";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email = $"{visitor}@buyer.example", traits = new { name = "Quote Buyer" } }),
            app.Event(visitor, type: "form_submit", url: $"https://shop.example.com/quote-{tag}"));
        var leadId = (await app.LeadByEmailAsync($"{visitor}@buyer.example")).GetProperty("id").GetGuid();

        var hook = (await app.Workspace.WaitForAsync(r => r.Body.Contains(leadId.ToString()))).Single();
        var body = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal("lead.handoff", body.GetProperty("type").GetString());
        Assert.Equal("flow Quote requests: asked for a quote", body.GetProperty("note").GetString());
        Assert.Equal($"quotes-{tag}", body.GetProperty("assignment").GetProperty("rep").GetProperty("id").GetString());
        var mail = await MailSink.WaitForAllAsync(repEmail, 1);
        Assert.Contains("asked for a quote", mail[0].TextBody ?? "");

        // The flow does not enter twice (re-entry never), so a second form sends no second alert.
        await app.SendAsBrowserAsync(app.Event(visitor, type: "form_submit", url: $"https://shop.example.com/quote-{tag}"));
        // Once the lead has taken the second form (and the alerter has seen what it changed): still one run, one alert.
        await app.CaughtUpAsync();
        var lead = await app.LeadByEmailAsync($"{visitor}@buyer.example");
        Assert.Equal(3, lead.GetProperty("counters").GetProperty("events").GetInt64());
        Assert.Single(lead.GetProperty("flows").EnumerateArray(), f => f.GetProperty("flowId").GetString() == $"quote-{tag}");
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", leadId));
        Assert.Single(app.Workspace.Received, r => r.Body.Contains(leadId.ToString()));
    }
}
