using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nurture.Server.FunctionalTests.Access;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.WebConsole;

/// <summary>
/// What the server gained for the console: its files at /console/, the scoring model preview, a lead's
/// score over time, template drafts in the preview, and the sales inbox stream. The browser tests in
/// tests/console-browser drive the same through the pages.
/// </summary>
[Collection(HandoffHost.Name)]
public sealed class ConsoleEndpointsTests(HandoffApp app)
{
    [Fact]
    public async Task ConsoleFiles_AreServedWithTheirTypes_ACachingTag_AndAStrictPolicy()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using (var root = await client.GetAsync("/console"))
            Assert.Equal(("/console/", HttpStatusCode.Redirect), (root.Headers.Location?.OriginalString, root.StatusCode));
        using (var home = await client.GetAsync("/"))
            Assert.Equal("/console/", home.Headers.Location?.OriginalString);

        using var index = await client.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("js/app.js", await index.Content.ReadAsStringAsync());
        var policy = string.Join(" ", index.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);

        using var script = await client.GetAsync("/console/js/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/js/app.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        foreach (var path in new[] { "/console/js/nope.js", "/console/%2e%2e/appsettings.json", "/console/../Program.cs" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ModelPreview_ReplaysSampledLeadsThroughTheCandidate_WithoutSavingIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var visitor = $"preview-{tag}-{i}";
            var email = $"{visitor}@company.example";
            await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/blog/post"),
                app.Event(visitor, type: "identify", url: null, extra: new { email }));
            ids.Add((await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid());
        }
        var api = app.Api();
        foreach (var id in ids)
            await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/timeline"), t => t.GetProperty("events").GetArrayLength() == 2);
        await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads?q=preview-{tag}"), l => l.GetProperty("total").GetInt32() == 3);

        var model = JsonNode.Parse((await api.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("model").GetRawText())!;
        // One blog view (1 point) leaves each lead "known"; with engaged entered at 1 each would be engaged.
        model["stages"]!["engaged"]!["enter"] = 1;
        model["stages"]!["engaged"]!["leave"] = 0.5;
        var (status, preview) = await app.SendJsonAsync(HttpMethod.Post, "/api/scoring/model/preview", model.ToJsonString());
        Assert.Equal(200, status);
        var ours = ids.Select(id => id.ToString()).ToHashSet();
        Assert.True(preview.GetProperty("sampled").GetInt32() >= 3);
        Assert.Equal(preview.GetProperty("sampled").GetInt32(), preview.GetProperty("totalLeads").GetInt32());
        Assert.False(preview.GetProperty("estimate").GetBoolean());
        Assert.Equal(3, preview.GetProperty("examples").EnumerateArray().Count(e => ours.Contains(e.GetProperty("leadId").GetString()!)
            && e.GetProperty("from").GetString() == "known" && e.GetProperty("to").GetString() == "engaged"));
        Assert.Contains(preview.GetProperty("moves").EnumerateArray(), m => m.GetProperty("from").GetString() == "known" && m.GetProperty("to").GetString() == "engaged");

        (status, preview) = await app.SendJsonAsync(HttpMethod.Post, "/api/scoring/model/preview?sample=1", model.ToJsonString());
        Assert.Equal((200, 1, true), (status, preview.GetProperty("sampled").GetInt32(), preview.GetProperty("estimate").GetBoolean()));

        // Errors as PUT /model gives them; a bad sample size names the field; nothing was saved.
        model["stages"]!["mql"]!["leave"] = 500;
        (status, var errors) = await app.SendJsonAsync(HttpMethod.Post, "/api/scoring/model/preview", model.ToJsonString());
        Assert.Equal(400, status);
        Assert.Contains("$.stages.mql.leave", ProblemBody.Of(status, errors).Keys);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Post, "/api/scoring/model/preview", "{not json")).Status);
        foreach (var sample in new[] { "0", "1001", "abc", "-1" })
        {
            (status, errors) = await app.SendJsonAsync(HttpMethod.Post, "/api/scoring/model/preview?sample=" + sample, model.ToJsonString());
            Assert.Equal("sample", ProblemBody.Of(status, errors).Key);
        }
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("version").GetInt32());

        // The same leads' score over time: the rule hit and the stage change, oldest first.
        static bool Has(JsonElement history, string kind, string key) =>
            history.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("kind").GetString() == kind && p.GetProperty("key").GetString() == key);
        // The rule hit, the fit and the stage change reach ClickHouse through their own spool, not necessarily together.
        var history = await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads/{ids[0]}/score/history"),
            h => Has(h, "rule", "blog-page") && Has(h, "stage", "known"));
        var points = history.GetProperty("points").EnumerateArray().ToList();
        Assert.Contains(points, p => p.GetProperty("kind").GetString() == "rule" && p.GetProperty("engagement").GetDouble() > 0);
        Assert.True(points.Zip(points.Skip(1)).All(p => p.First.GetProperty("at").GetDateTimeOffset() <= p.Second.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{ids[0]}/score/history?limit=0")).Status);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Get, "/api/leads/not-a-lead/score/history")).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{Guid.NewGuid()}/score/history")).Status);
    }

    [Fact]
    public async Task TemplatePreview_RendersADraft_AndChecksItAsASaveWould()
    {
        var (status, rendered) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/not-saved-yet/preview",
            new { subject = "Hi {{ lead.traits.name }}", html = "<p>{{ lead.traits.company }}</p>", text = "Hi" });
        Assert.Equal(200, status);
        Assert.Equal("Hi Ann Sample", rendered.GetProperty("subject").GetString());
        Assert.Contains("Example Corp", rendered.GetProperty("html").GetString());

        (status, var errors) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/not-saved-yet/preview",
            new { subject = "Hi", html = "<p>{% if lead.stage %}open</p>", text = "" });
        Assert.Equal(400, status);
        var problem = ProblemBody.Of(status, errors);
        Assert.Equal("$.html", problem.Key);
        // The reason says where; the same place is in locations, for the editor's marker.
        Assert.StartsWith("line 1, column ", problem.Reason("$.html"));
        var location = Assert.Single(problem.Body.GetProperty("locations").EnumerateArray());
        Assert.Equal(("$.html", 1), (location.GetProperty("path").GetString(), location.GetProperty("line").GetInt32()));
        Assert.Contains($"column {location.GetProperty("column").GetInt32()}:", problem.Reason("$.html"));

        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Post, "/api/templates/not-saved-yet/preview", new { })).Status);
        (status, errors) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/not-saved-yet/preview", new { leadId = "nope", subject = "x", html = "x" });
        Assert.Equal("$.leadId", ProblemBody.Of(status, errors).Key);
        (status, errors) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/not-saved-yet/preview", """{"leadId": 5}""");
        Assert.Equal("$.leadId", ProblemBody.Of(status, errors).Key);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Post, "/api/templates/Bad%20Id/preview", new { subject = "x", html = "x" })).Status);
    }

    [Fact]
    public async Task SalesStream_PushesANewlyAssignedHotLeadToItsRep_AndRefusesWhatTheInboxRefuses()
    {
        var rep = "stream-" + Guid.NewGuid().ToString("N")[..8];
        await AccessSetup.CreateRepAsync(app, rep);
        var user = await AccessSetup.CreateUserAsync(app, Roles.Sales, repId: rep);
        var (key, _) = await AccessSetup.CreateKeyAsync(app, Roles.Sales, user);
        var (marketerKey, _) = await AccessSetup.CreateKeyAsync(app, Roles.Marketer);

        Assert.Equal(400, (int)(await AccessSetup.Client(app, marketerKey).GetAsync("/api/sales/stream")).StatusCode);
        Assert.Equal(404, (int)(await AccessSetup.Client(app, marketerKey).GetAsync("/api/sales/stream?rep=nobody")).StatusCode);
        Assert.Equal(404, (int)(await AccessSetup.Client(app, key).GetAsync("/api/sales/stream?rep=someone-else")).StatusCode);
        Assert.Equal(401, (int)(await AccessSetup.Client(app, null).GetAsync("/api/sales/stream")).StatusCode);

        using var stream = await AccessSetup.Client(app, key).SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/sales/stream"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());

        // The lead names this rep as its owner, so the assignment is theirs whatever other reps exist.
        var (_, lead) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"{rep}@buyer.example", name = "Streamed Lead", owner = rep } });
        var leadId = lead.GetProperty("leadId").GetGuid();
        await app.EnterHotAsync(leadId, "stream-event", DateTimeOffset.UtcNow);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? type = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var item = JsonDocument.Parse(line[6..]).RootElement;
            Assert.Equal("assigned", type);
            Assert.Equal(leadId, item.GetProperty("leadId").GetGuid());
            Assert.Equal("Streamed Lead", item.GetProperty("name").GetString());
            Assert.Equal("existing owner", item.GetProperty("reason").GetString());
            break;
        }
    }
}
