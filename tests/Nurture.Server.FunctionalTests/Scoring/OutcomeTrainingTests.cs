using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Nurture.Server.FunctionalTests.Scoring;

/// <summary>
/// Training the predictive model from what sales said: leads behave differently, reps mark them won or
/// lost through the real API, and the model trained from those labels scores new leads.
/// </summary>
public sealed class OutcomeTrainingTests(NurtureApp app, ITestOutputHelper output) : IClassFixture<NurtureApp>
{
    private const string Train = "/api/scoring/predictive/train";
    private static readonly object FromOutcomes = new { source = "outcomes" };

    [Fact]
    public async Task WonAndLostFeedback_TrainsAVersionWithItsReport_ActivatedExplicitly_ThatScoresNewLeads()
    {
        var api = app.Api();
        var buyers = Enumerable.Range(0, 30).Select(i => $"buyer-{i}-{Guid.NewGuid():N}").ToList();
        var browsers = Enumerable.Range(0, 30).Select(i => $"browser-{i}-{Guid.NewGuid():N}").ToList();
        await app.SendAsBrowserAsync([.. buyers.SelectMany(v => Buyer(v, "CTO")), .. browsers.SelectMany(v => Browser(v, "Student"))]);
        var buyerIds = await LeadsAsync(buyers, events: 6);
        var browserIds = await LeadsAsync(browsers, events: 2);

        // No labels yet, then only one class: 422 with how many there are and how many are needed.
        await AssertNotTrainable("0 won and 0 lost");
        foreach (var id in buyerIds.Take(12)) await FeedbackAsync(id, "won");
        await AssertNotTrainable("12 won and 0 lost leads; training needs at least 10 won, 10 lost and 50 in all");

        foreach (var id in buyerIds.Skip(12)) await FeedbackAsync(id, "won");
        foreach (var id in browserIds) await FeedbackAsync(id, "lost");
        // A verdict that is not a label changes nothing.
        await FeedbackAsync(browserIds[0], "accepted");

        var (status, trained) = await app.SendJsonAsync(HttpMethod.Post, Train, FromOutcomes);
        Assert.True(status == 201, $"{status}: {trained}");
        output.WriteLine($"train: {trained}");
        var version = trained.GetProperty("version").GetInt32();
        Assert.False(trained.GetProperty("active").GetBoolean());
        var report = trained.GetProperty("report");
        Assert.Equal("converted", report.GetProperty("labelColumn").GetString());
        Assert.StartsWith("sales outcomes", report.GetProperty("source").GetString());
        var rows = report.GetProperty("rows");
        Assert.Equal((30, 30), (rows.GetProperty("positive").GetInt32(), rows.GetProperty("negative").GetInt32()));
        Assert.Equal(60, rows.GetProperty("train").GetInt32() + rows.GetProperty("test").GetInt32());
        Assert.True(report.GetProperty("auc").GetDouble() >= 0.8, report.ToString());
        Assert.Equal(10, report.GetProperty("calibration").GetArrayLength());
        var features = report.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("interest_pricing", features);
        // The tracker's jobTitle is stored as the trait job_title.
        Assert.Contains("trait_job_title", features);
        // The verdict written on the lead is the label: it must never be a feature.
        Assert.DoesNotContain(features, f => f!.Contains("sales_", StringComparison.Ordinal));

        // Stored like a CSV-trained version, inactive until someone activates it.
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/scoring/predictive/models");
        var stored = listed.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("version").GetInt32() == version);
        Assert.Equal("converted", stored.GetProperty("labelColumn").GetString());
        Assert.False(stored.GetProperty("active").GetBoolean());
        Assert.Equal(report.GetProperty("auc").GetDouble(), stored.GetProperty("report").GetProperty("auc").GetDouble());

        var newBuyer = "new-buyer-" + Guid.NewGuid().ToString("N");
        var newBrowser = "new-browser-" + Guid.NewGuid().ToString("N");
        await app.SendAsBrowserAsync([.. Buyer(newBuyer, "CEO"), .. Browser(newBrowser, "Intern")]);
        var newBuyerId = (await LeadsAsync([newBuyer], events: 6))[0];
        var newBrowserId = (await LeadsAsync([newBrowser], events: 2))[0];
        Assert.Equal(404, (int)(await api.GetAsync($"/api/leads/{newBuyerId}/prediction")).StatusCode);

        using (var activated = await api.PostAsync($"/api/scoring/predictive/models/{version}/activate", null))
            Assert.Equal(200, (int)activated.StatusCode);
        var hot = await PredictionAsync(newBuyerId, version);
        var cold = await PredictionAsync(newBrowserId, version);
        output.WriteLine($"buyer: {hot}\nbrowser: {cold}");
        Assert.True(hot.GetProperty("likelihood").GetDouble() > cold.GetProperty("likelihood").GetDouble(), $"{hot}\n{cold}");
        Assert.InRange(hot.GetProperty("likelihood").GetDouble(), 0.5, 1);
        Assert.InRange(cold.GetProperty("likelihood").GetDouble(), 0, 0.5);
    }

    [Fact]
    public async Task WrongBodiesAndSources_Are400NamingTheField()
    {
        // Where the reader stopped: in the source, or the body as a whole.
        await AssertRefused(Json("{\"source\":"), "$.source", "JSON object");
        await AssertRefused(Json("[\"outcomes\"]"), "$", "JSON object");
        await AssertRefused(Json("{\"source\":5}"), "$.source", "JSON object");
        await AssertRefused(Json("\"outcomes\""), "$", "JSON object");
        await AssertRefused(Json("{\"source\":\"" + new string('x', 20_000) + "\"}"), "$", "bytes");
        await AssertRefused(Json("null"), "$.source", "is required");
        await AssertRefused(Json("{}"), "$.source", "is required");
        await AssertRefused(Json("{\"source\":\"   \"}"), "$.source", "is required");
        await AssertRefused(Json("{\"source\":\"csv\"}"), "$.source", "must be \"outcomes\"");
        await AssertRefused(Json("{\"source\":\"outcomes'; DROP TABLE nurture_outcomes;--\"}"), "$.source", "must be \"outcomes\"");
        await AssertRefused(new StringContent("source=outcomes", Encoding.UTF8, "text/plain"), "file", "{\"source\": \"outcomes\"}");

        using var anonymous = await app.CreateClient().PostAsync(Train, Json("{\"source\":\"outcomes\"}"));
        Assert.Equal(401, (int)anonymous.StatusCode);
    }

    /// <summary>Identifies as a decision maker at a company and reads pricing and demo pages.</summary>
    private IEnumerable<object> Buyer(string visitor, string jobTitle) =>
    [
        app.Event(visitor, type: "identify", url: null, extra: new { email = $"{visitor}@acme-corp.example", traits = new { jobTitle } }),
        app.Event(visitor, url: "https://shop.example.com/pricing"),
        app.Event(visitor, url: "https://shop.example.com/pricing/enterprise"),
        app.Event(visitor, url: "https://shop.example.com/pricing"),
        app.Event(visitor, url: "https://shop.example.com/demo"),
        app.Event(visitor, url: "https://shop.example.com/demo"),
    ];

    /// <summary>Identifies with a free address and reads one blog post.</summary>
    private IEnumerable<object> Browser(string visitor, string jobTitle) =>
    [
        app.Event(visitor, type: "identify", url: null, extra: new { email = $"{visitor}@gmail.com", traits = new { jobTitle } }),
        app.Event(visitor, url: "https://shop.example.com/blog/hello"),
    ];

    /// <summary>The visitors' lead ids, once each lead has counted all its events.</summary>
    private async Task<List<Guid>> LeadsAsync(IReadOnlyList<string> visitors, int events)
    {
        var api = app.Api();
        var ids = visitors.Select(v => LeadIds.ForVisitor(app.SiteId, v)).ToList();
        foreach (var id in ids)
        {
            var lead = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{id}"),
                l => ClickHouseProbe.Has(l, events, "counters", "events"), TimeSpan.FromSeconds(60));
            Assert.True(ClickHouseProbe.Has(lead, events, "counters", "events"), $"lead {id}: {lead}");
        }
        return ids;
    }

    private async Task FeedbackAsync(Guid leadId, string outcome)
    {
        // Won asks for the deal's value and close date.
        object body = outcome == "won"
            ? new { outcome, dealValue = 500000, closedOn = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }
            : new { outcome };
        using var response = await app.Api().PostAsJsonAsync($"/api/leads/{leadId}/feedback", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertNotTrainable(string reason)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, Train, FromOutcomes);
        Assert.True(status == 422, $"{status}: {body}");
        var problem = ProblemBody.Of(status, body);
        Assert.Equal("$.source", problem.Key);
        Assert.Contains(reason, problem.Reason("$.source"));
    }

    private async Task<JsonElement> PredictionAsync(Guid leadId, int version)
    {
        var api = app.Api();
        // Every node loads an activated version within a few seconds.
        var prediction = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{leadId}/prediction"),
            p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("modelVersion", out var v) && v.GetInt32() == version);
        Assert.Equal(version, prediction.GetProperty("modelVersion").GetInt32());
        return prediction;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task AssertRefused(HttpContent content, string field, string reason)
    {
        using var response = await app.Api().PostAsync(Train, content);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.True(problem.Status == 400, problem.Body.ToString());
        Assert.Contains(problem.At(field), r => r.Contains(reason, StringComparison.Ordinal));
    }
}
