using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.Access;

[Collection(SharedHost.Name)]
public sealed class SalesScopeTests(NurtureApp app)
{
    [Fact]
    public async Task Sales_SeesTheLeadAssignedToTheirRep_AndNotAnother()
    {
        await AccessSetup.CreateRepAsync(app, "rep-ours");
        await AccessSetup.CreateRepAsync(app, "rep-other");
        var ours = await LeadAsync("ours");
        var theirs = await LeadAsync("theirs");
        await AssignAsync(ours, "rep-ours");
        await AssignAsync(theirs, "rep-other");
        var email = $"sally-{Guid.NewGuid():N}@team.example";
        await AccessSetup.CreateUserAsync(app, Roles.Sales, repId: "rep-ours", email: email);
        using var signIn = await AccessSetup.SignInAsync(app, email, AccessSetup.Password);
        var sales = AccessSetup.Client(app, (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());

        foreach (var path in new[] { "", "/timeline", "/score" })
        {
            Assert.Equal(200, (int)(await sales.GetAsync($"/api/leads/{ours}{path}")).StatusCode);
            Assert.Equal(404, (int)(await sales.GetAsync($"/api/leads/{theirs}{path}")).StatusCode);
        }
        Assert.Equal(403, (int)(await sales.GetAsync($"/api/leads/{ours}/prediction")).StatusCode);
        Assert.Equal(403, (int)(await sales.GetAsync("/api/leads?email=ours%40acme-corp.example")).StatusCode);
        Assert.Equal(403, (int)(await sales.PostAsJsonAsync($"/api/leads/{ours}/emails", new { templateId = "x" })).StatusCode);
        Assert.Equal(403, (int)(await sales.PutAsJsonAsync("/api/flows/f1", new { })).StatusCode);

        // The inbox is their rep's, and only theirs.
        var inbox = await sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox");
        Assert.Equal("rep-ours", inbox.GetProperty("rep").GetString());
        // (The host is shared: another class's hot lead may reach rep-ours too, so the test looks at its own two.)
        var inboxLeads = inbox.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("leadId").GetGuid()).ToList();
        Assert.Contains(ours, inboxLeads);
        Assert.DoesNotContain(theirs, inboxLeads);
        Assert.Equal(404, (int)(await sales.GetAsync("/api/sales/inbox?rep=rep-other")).StatusCode);

        // Feedback: on their lead, as their rep whatever the body says; another's lead is not found.
        using var feedback = await sales.PostAsJsonAsync($"/api/leads/{ours}/feedback", new { outcome = "accepted", rep = "rep-other" });
        Assert.Equal(200, (int)feedback.StatusCode);
        Assert.Equal("rep-ours", (await feedback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rep").GetString());
        Assert.Equal(404, (int)(await sales.PostAsJsonAsync($"/api/leads/{theirs}/feedback", new { outcome = "accepted" })).StatusCode);

        // Re-assigned to the other rep, the lead leaves their reach.
        await AssignAsync(ours, "rep-other");
        Assert.Equal(404, (int)(await sales.GetAsync($"/api/leads/{ours}")).StatusCode);
    }

    [Fact]
    public async Task Sales_WithoutARep_SeesNoLead()
    {
        await AccessSetup.CreateRepAsync(app, "rep-nobody-links");
        var lead = await LeadAsync("unlinked");
        await AssignAsync(lead, "rep-nobody-links");
        var user = await AccessSetup.CreateUserAsync(app, Roles.Sales);
        var (key, _) = await AccessSetup.CreateKeyAsync(app, Roles.Sales, user);
        var sales = AccessSetup.Client(app, key);
        Assert.Equal(404, (int)(await sales.GetAsync($"/api/leads/{lead}")).StatusCode);
        var inbox = await sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox");
        Assert.Empty(inbox.GetProperty("leads").EnumerateArray());
        // Marketers and admins read every lead.
        var (marketerKey, _) = await AccessSetup.CreateKeyAsync(app, Roles.Marketer);
        Assert.Equal(200, (int)(await AccessSetup.Client(app, marketerKey).GetAsync($"/api/leads/{lead}")).StatusCode);
        Assert.Equal(200, (int)(await app.Api().GetAsync($"/api/leads/{lead}")).StatusCode);
    }

    private async Task<Guid> LeadAsync(string name)
    {
        var visitor = name + "-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme-corp.example";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email }));
        return (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
    }

    private DateTimeOffset lastAssigned;

    private async Task AssignAsync(Guid leadId, string repId)
    {
        // Assignments are ordered by time: each strictly after the one before, whatever the clock's resolution (PostgreSQL keeps microseconds).
        var at = DateTimeOffset.UtcNow;
        if (at < lastAssigned.AddMicroseconds(1)) at = lastAssigned.AddMicroseconds(1);
        lastAssigned = at;
        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, $3, 'test', $4)",
            Guid.NewGuid(), leadId, repId, at);
    }
}
