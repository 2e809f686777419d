using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// The assignment rules as a stored, ordered list used by the real assigner, and the "who would get this lead?"
/// dry run. A host of its own: the rule order is the workspace's, and round-robin picks among all reps.
/// </summary>
public sealed class RoutingTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    private static readonly string[] DefaultOrder = ["owner", "previous", "working_hours", "territory", "round_robin"];

    [Fact]
    public async Task RuleOrder_IsStored_UsedByTheTesterAndTheAssigner_AndTheTesterAssignsNothing()
    {
        var api = app.Api();
        var rules = await api.GetFromJsonAsync<JsonElement>("/api/routing/rules");
        Assert.Equal(DefaultOrder, rules.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        Assert.All(rules.GetProperty("rules").EnumerateArray(), r => Assert.True(r.GetProperty("enabled").GetBoolean()));
        Assert.Equal("Territory match", rules.GetProperty("rules")[3].GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, rules.GetProperty("updatedBy").ValueKind);

        await CreateRepAsync(new { id = "kanto-kei", name = "Kei Kanto", email = "kei@sales.example", capacity = 5, countries = new[] { "JP" }, regions = new[] { "Kanto" } });
        await CreateRepAsync(new { id = "gen-gina", name = "Gina General", email = "gina@sales.example", capacity = 5 });
        var lead = await CreateLeadAsync(new { country = "JP", region = "kanto", name = "Haruto Sato" });

        var test = await TestAsync(lead);
        Assert.Equal(("kanto-kei", "territory", "territory"), Chosen(test));
        Assert.Equal("Haruto Sato", test.GetProperty("lead").GetProperty("name").GetString());
        Assert.Equal("kanto", test.GetProperty("lead").GetProperty("region").GetString());
        var steps = test.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(DefaultOrder, steps.Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal(["none", "none", "kept", "chose", "skipped"], steps.Select(s => s.GetProperty("outcome").GetString()));
        Assert.Equal("Kei Kanto covers the lead's country JP, region kanto (never given a lead yet).", steps[3].GetProperty("detail").GetString());
        Assert.True(test.GetProperty("savedOrder").GetBoolean());
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_assignments WHERE lead_id = $1", lead));

        // An unsaved order tried first: the answer follows it, and nothing is saved.
        using (var tried = await app.Api().PostAsJsonAsync("/api/routing/test", new
        {
            leadId = lead, rules = DefaultOrder.Select(k => new { kind = k, enabled = k != "territory" }),
        }))
        {
            var body = await tried.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("gen-gina", "round-robin", "round_robin"), Chosen(body));
            Assert.False(body.GetProperty("savedOrder").GetBoolean());
        }
        Assert.Equal(JsonValueKind.Null, (await api.GetFromJsonAsync<JsonElement>("/api/routing/rules")).GetProperty("updatedBy").ValueKind);

        // Round-robin above territory: the generalist gets it, in the tester and in a real assignment.
        var reordered = DefaultOrder.Where(k => k != "territory").Append("territory")
            .Select(k => new { kind = k, enabled = k != "previous" }).ToArray();
        using (var saved = await api.PutAsJsonAsync("/api/routing/rules", new { rules = reordered }))
        {
            Assert.Equal(200, (int)saved.StatusCode);
            var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("territory", body.GetProperty("rules")[4].GetProperty("kind").GetString());
            Assert.False(body.GetProperty("rules")[1].GetProperty("enabled").GetBoolean());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("updatedBy").GetString()));
        }
        var again = await api.GetFromJsonAsync<JsonElement>("/api/routing/rules");
        Assert.Equal(["owner", "previous", "working_hours", "round_robin", "territory"], again.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(("gen-gina", "round-robin", "round_robin"), Chosen(await TestAsync(lead)));
        Assert.Equal("off", (await TestAsync(lead)).GetProperty("steps")[1].GetProperty("outcome").GetString());
        Assert.Equal(("gen-gina", "round-robin"), await AssignAsync(lead));

        // Back to the default order: the next lead in Kanto goes to Kei again.
        using (var restored = await api.PutAsJsonAsync("/api/routing/rules", new { rules = DefaultOrder.Select(k => new { kind = k, enabled = true }) }))
            Assert.Equal(200, (int)restored.StatusCode);
        Assert.Equal(("kanto-kei", "territory"), await AssignAsync(await CreateLeadAsync(new { country = "JP", region = "Kanto" })));
    }

    internal static (string? Rep, string Reason, string? DecidedBy) Chosen(JsonElement test) =>
        (test.GetProperty("rep").ValueKind == JsonValueKind.Object ? test.GetProperty("rep").GetProperty("id").GetString() : null,
         test.GetProperty("reason").GetString()!, test.GetProperty("decidedBy").GetString());

    private Task CreateRepAsync(object rep) => CreateRepAsync(app, rep);

    private Task<Guid> CreateLeadAsync(object traits) => CreateLeadAsync(app, traits);

    private Task<JsonElement> TestAsync(Guid lead) => TestAsync(app, lead);

    private Task<(string? Rep, string Reason)> AssignAsync(Guid lead) => AssignAsync(app, lead);

    internal static async Task CreateRepAsync(NurtureApp app, object rep)
    {
        using var response = await app.Api().PostAsJsonAsync("/api/reps", rep);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    internal static async Task PutRepAsync(NurtureApp app, string id, object rep)
    {
        using var response = await app.Api().PutAsJsonAsync($"/api/reps/{id}", rep);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A lead typed in with these traits (and an email of its own); its id.</summary>
    internal static async Task<Guid> CreateLeadAsync(NurtureApp app, object traits)
    {
        var all = JsonSerializer.SerializeToElement(traits).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.GetString()!);
        all["email"] = $"route-{Guid.NewGuid():N}@lead.example";
        using var response = await app.Api().PostAsJsonAsync("/api/leads", new { traits = all });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetGuid();
    }

    /// <summary>Who would get the lead: the dry run's answer.</summary>
    internal static async Task<JsonElement> TestAsync(NurtureApp app, Guid lead)
    {
        using var response = await app.Api().PostAsJsonAsync("/api/routing/test", new { leadId = lead });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The lead enters hot; answers the recorded assignment.</summary>
    internal static async Task<(string? Rep, string Reason)> AssignAsync(HandoffApp app, Guid lead)
    {
        var alertId = await app.EnterHotAsync(lead, "hot-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
        var alert = await ClickHouseProbe.EventuallyAsync(async () =>
                (await app.Api().GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("alerts").EnumerateArray().FirstOrDefault(a => a.GetProperty("id").GetGuid() == alertId),
            a => a.ValueKind == JsonValueKind.Object && a.GetProperty("reason").ValueKind == JsonValueKind.String);
        return (alert.GetProperty("repId").GetString(), alert.GetProperty("reason").GetString()!);
    }
}
