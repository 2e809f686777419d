using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Scoring;

public sealed class ScoringModelApiTests(NurtureApp app) : IClassFixture<NurtureApp>
{
    [Fact]
    public async Task Model_BadDocumentIsRefusedWithPaths_GoodOneBecomesTheNextVersion()
    {
        var api = app.Api();
        var current = await api.GetFromJsonAsync<JsonElement>("/api/scoring/model");
        var version = current.GetProperty("version").GetInt32();
        Assert.True(current.GetProperty("model").GetProperty("categories").EnumerateObject().Any());

        using var bad = await api.PutAsync("/api/scoring/model", Json("""
            { "categories": { "pricing": { "halfLifeDays": -1 } }, "rules": [ { "id": "x", "category": "nope", "points": 1, "match": { "type": "page_view" } } ],
              "fit": { "rules": [], "grades": { "a": 3, "b": 2, "c": 1 } }, "stages": { "engaged": { "enter": 1, "leave": 0 }, "mql": { "enter": 2, "leave": 1 }, "hot": { "enter": 3, "leave": 2 } } }
            """));
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal(["$.categories.pricing.halfLifeDays", "$.rules[0].category"], (await ProblemBody.ReadAsync(bad)).Keys);

        using var broken = await api.PutAsync("/api/scoring/model", Json("{ nope"));
        Assert.Equal(400, (int)broken.StatusCode);
        Assert.Equal("$", (await ProblemBody.ReadAsync(broken)).Key);

        var good = current.GetProperty("model").GetRawText().Replace("\"points\": 10", "\"points\": 12");
        using var saved = await api.PutAsync("/api/scoring/model", Json(good));
        Assert.Equal(200, (int)saved.StatusCode);
        Assert.Equal(version + 1, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(version + 1, (await api.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("version").GetInt32());
        var versions = await api.GetFromJsonAsync<JsonElement>("/api/scoring/model/versions");
        Assert.Equal([version + 1, version], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Take(2));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
