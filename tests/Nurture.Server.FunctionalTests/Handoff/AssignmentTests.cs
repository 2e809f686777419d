using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

public sealed class AssignmentTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    [Fact]
    public async Task Territory_ThenRoundRobinUnderCapacity_ThenFallback_ThenExistingOwner()
    {
        var api = app.Api();
        foreach (var rep in new object[]
        {
            new { id = "fr-saas", name = "Fran", email = "fran@sales.example", capacity = 5, countries = new[] { "FR" }, industries = new[] { "SaaS" } },
            new { id = "rr-1", name = "Rob", email = "rob@sales.example", capacity = 1 },
            new { id = "rr-2", name = "Rae", email = "rae@sales.example", capacity = 1 },
        })
        {
            (await api.PostAsJsonAsync("/api/reps", rep)).EnsureSuccessStatusCode();
        }

        Assert.Equal(("fr-saas", "territory"), await AssignAsync(new { country = "fr", industry = "SaaS" }));
        var first = await AssignAsync(new { country = "DE" });
        var second = await AssignAsync(new { country = "DE" });
        Assert.Equal("round-robin", first.Reason);
        Assert.Equal("round-robin", second.Reason);
        Assert.Equal(new HashSet<string?> { "rr-1", "rr-2" }, new HashSet<string?> { first.Rep, second.Rep });
        // Both generalists hold their one open lead: the fallback queue.
        Assert.Equal((null, "no rep available"), await AssignAsync(new { country = "DE" }));
        // The owner (set by a user: a website may not) wins over everything, capacity included.
        Assert.Equal(("rr-1", "existing owner"), await AssignAsync(new { country = "FR", industry = "SaaS" }, owner: "rr-1"));

        var inbox = await api.GetFromJsonAsync<JsonElement>("/api/sales/inbox?rep=fr-saas");
        Assert.Single(inbox.GetProperty("leads").EnumerateArray());
    }

    [Fact]
    public async Task TerritoryByRegionAndCompanySize_AndAlertsOnlyOnTheRepsChosenChannels()
    {
        var api = app.Api();
        using var hook = new WebhookReceiver();
        var tag = Guid.NewGuid().ToString("N")[..6];
        (await api.PostAsJsonAsync("/api/reps", new
        {
            id = $"kanto-mid-{tag}", name = "Kei", email = $"kei-{tag}@sales.example", capacity = 5, countries = new[] { "JP" },
            regions = new[] { "Kanto" }, companySizes = new[] { "50-249", "250-999" }, channels = new[] { "webhook" }, webhookUrl = hook.Url + "kei",
        })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/reps", new
        {
            id = $"kanto-big-{tag}", name = "Ken", email = $"ken-{tag}@sales.example", capacity = 5, countries = new[] { "JP" },
            regions = new[] { "Kanto" }, companySizes = new[] { "1000+" },
        })).EnsureSuccessStatusCode();

        Assert.Equal(($"kanto-mid-{tag}", "territory"), await AssignAsync(new { country = "JP", region = "kanto", employees = "120" }));
        Assert.Equal(($"kanto-big-{tag}", "territory"), await AssignAsync(new { country = "JP", region = "Kanto", company_size = "1000+" }));

        // Kei wants webhooks only: the webhook arrives, no email does. The worker queues a rep's email before it
        // calls any webhook of the alert, so with the call made the outbox already holds all it ever will.
        await hook.WaitForAsync(r => r.Path.EndsWith("/kei"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_email_sends WHERE to_address = $1", $"kei-{tag}@sales.example"));
        Assert.Empty(MailSink.To($"kei-{tag}@sales.example"));
        Assert.Single(await MailSink.WaitForAllAsync($"ken-{tag}@sales.example", 1));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"email\":\"x@example.com\",\"capacity\":1,\"channels\":[\"pager\"]}", "$.channels")]
    [InlineData("{\"name\":\"x\",\"email\":\"x@example.com\",\"capacity\":1,\"companySizes\":[\"huge\"]}", "$.companySizes")]
    [InlineData("{\"name\":\"x\",\"email\":\"x@example.com\",\"capacity\":\"many\"}", "$.capacity")]
    public async Task BadRepTerritoryOrChannels_Are400(string body, string field)
    {
        var (status, error) = await app.SendJsonAsync(HttpMethod.Post, "/api/reps", body);
        Assert.Equal(400, status);
        Assert.Equal(field, ProblemBody.Of(status, error).Key);
    }

    /// <summary>A known lead with these traits enters hot; answers the recorded assignment.</summary>
    private async Task<(string? Rep, string Reason)> AssignAsync(object traits, string? owner = null)
    {
        var visitor = "assign-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme-corp.example";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email, traits }));
        var leadId = (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
        if (owner is not null) Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{leadId}", new { owner })).Status);
        var alertId = await app.EnterHotAsync(leadId, "hot-" + visitor, DateTimeOffset.UtcNow);
        var alerts = await ClickHouseProbe.EventuallyAsync(() => app.Api().GetFromJsonAsync<JsonElement>("/api/alerts"),
            a => a.GetProperty("alerts").EnumerateArray().Any(x => x.GetProperty("id").GetGuid() == alertId && x.GetProperty("reason").ValueKind == JsonValueKind.String));
        var alert = alerts.GetProperty("alerts").EnumerateArray().Single(x => x.GetProperty("id").GetGuid() == alertId);
        return (alert.GetProperty("repId").GetString(), alert.GetProperty("reason").GetString()!);
    }
}
