using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Flows;

[Collection(SharedHost.Name)]
public sealed class FlowsApiTests(NurtureApp app)
{
    [Fact]
    public async Task InvalidFlow_ListsEveryErrorByPath()
    {
        await SaveTemplateAsync("hello");
        const string flow = """
            {
              "name": "Broken",
              "trigger": { "event": { "type": "page_view", "path": "/pricing*" } },
              "reentry": { "after": "soon" },
              "start": "a",
              "steps": [
                { "id": "a", "type": "send_email", "template": "missing", "next": "b" },
                { "id": "b", "type": "wait", "duration": "forever", "next": "c" },
                { "id": "c", "type": "branch", "condition": { "stage": "mql" }, "then": "d", "else": "nowhere" },
                { "id": "d", "type": "set_trait", "trait": "x", "value": "y", "next": "e" },
                { "id": "e", "type": "branch", "condition": { "grade": ["A"] }, "then": "d", "else": "f" },
                { "id": "f", "type": "end" },
                { "id": "orphan", "type": "end" },
                { "id": "g", "type": "teleport" }
              ]
            }
            """;
        var errors = await SaveExpectingErrorsAsync("broken", flow);
        Assert.Contains(errors, e => e.Path == "$.reentry.after" && e.Reason.Contains("must be a duration"));
        Assert.Contains(errors, e => e.Path == "$.steps[0].template" && e.Reason.Contains("'missing' is not a template"));
        Assert.Contains(errors, e => e.Path == "$.steps[1].duration" && e.Reason.Contains("must be a duration"));
        Assert.Contains(errors, e => e.Path == "$.steps[7].type" && e.Reason.Contains("must be one of"));
        Assert.Contains(errors, e => e.Path == "$.steps[2]" && e.Reason.Contains("goes to 'nowhere', which is not a step"));

        // Once the references are right, the graph is checked: unreachable steps and instant cycles.
        var graph = flow.Replace("\"missing\"", "\"hello\"").Replace("\"forever\"", "\"2d\"").Replace("\"nowhere\"", "\"f\"")
            .Replace("\"soon\"", "\"30d\"").Replace("\"teleport\"", "\"end\"");
        var graphErrors = await SaveExpectingErrorsAsync("broken", graph);
        Assert.Contains(graphErrors, e => e.Path == "$.steps[6]" && e.Reason.Contains("never be reached"));
        Assert.Contains(graphErrors, e => e.Reason.Contains("cycle with no wait"));
    }

    [Fact]
    public async Task ValidFlow_IsSavedAsVersions_AndActivatedAndPaused()
    {
        await SaveTemplateAsync("pricing-follow-up");
        const string flow = """
            {
              "name": "Pricing follow-up",
              "trigger": { "stage": "mql" },
              "reentry": "never",
              "goal": { "stage": ["hot"] },
              "start": "send",
              "steps": [
                { "id": "send", "type": "send_email", "template": "pricing-follow-up", "next": "wait" },
                { "id": "wait", "type": "wait_for_event", "event": { "type": "page_view", "path": "/demo*" }, "timeout": "P3D", "next": "done", "timeoutNext": "opened" },
                { "id": "opened", "type": "branch", "condition": { "openedLastEmail": true }, "then": "tag", "else": "done" },
                { "id": "tag", "type": "set_trait", "trait": "nurture", "value": "warm", "next": "done" },
                { "id": "done", "type": "end" }
              ]
            }
            """;
        var api = app.Api();
        using (var first = await api.PutAsync("/api/flows/pricing", Json(flow)))
        {
            Assert.Equal(200, (int)first.StatusCode);
            var saved = await first.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((1, "draft"), (saved.GetProperty("version").GetInt32(), saved.GetProperty("status").GetString()));
        }
        using (var second = await api.PutAsync("/api/flows/pricing", Json(flow.Replace("P3D", "2d"))))
            Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        using (var activated = await api.PostAsync("/api/flows/pricing/activate", null))
            Assert.Equal("active", (await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        using (var paused = await api.PostAsync("/api/flows/pricing/pause", null))
            Assert.Equal("paused", (await paused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(404, (int)(await api.PostAsync("/api/flows/nope/activate", null)).StatusCode);
        Assert.Equal(400, (int)(await api.PutAsync("/api/flows/Bad%20Id", Json(flow))).StatusCode);
        Assert.Equal(400, (int)(await api.PutAsync("/api/flows/x", Json("{ not json"))).StatusCode);
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/flows");
        Assert.Contains(listed.EnumerateArray(), f => f.GetProperty("id").GetString() == "pricing");
    }

    private async Task<List<(string Path, string Reason)>> SaveExpectingErrorsAsync(string id, string flow)
    {
        using var response = await app.Api().PutAsync($"/api/flows/{id}", Json(flow));
        Assert.Equal(400, (int)response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        return problem.Errors.SelectMany(e => e.Value.Select(reason => (e.Key, reason))).ToList();
    }

    private async Task SaveTemplateAsync(string id)
    {
        using var response = await app.Api().PutAsJsonAsync($"/api/templates/{id}", new { subject = "Hi", html = "<p>Hello</p>" });
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
