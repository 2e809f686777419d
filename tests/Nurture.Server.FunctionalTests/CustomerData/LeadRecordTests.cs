using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>Leads edited by hand: created, changed with history, listed with filters, refused when wrong.</summary>
[Collection(SharedHost.Name)]
public sealed class LeadRecordTests(NurtureApp app)
{
    [Fact]
    public async Task CreateThenEdit_RecordsEveryChange_WithWhoAndOldValue()
    {
        var email = $"edit-{Guid.NewGuid():N}@Example.COM";
        var (status, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new
        {
            traits = new { email, name = "山田 花子", company = "ナーチャー株式会社" },
            consent = new { status = "granted", source = "signed form at the booth" },
        });
        Assert.Equal(201, status);
        var id = created.GetProperty("leadId").GetGuid();
        Assert.True(created.GetProperty("created").GetBoolean());

        (status, var edited) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", new { traits = new { company = "Nurture KK", title = "CTO" }, owner = "rep-7" });
        Assert.Equal(200, status);
        Assert.Equal(["company", "title", "owner"], edited.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));

        // Unchanged values change nothing.
        (status, edited) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", new { traits = new { company = "Nurture KK" } });
        Assert.Equal(0, edited.GetProperty("changedFields").GetArrayLength());

        var history = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/history");
        var changes = history.GetProperty("changes").EnumerateArray().ToList();
        var company = changes.First(c => c.GetProperty("field").GetString() == "company");
        Assert.Equal("ナーチャー株式会社", company.GetProperty("oldValue").GetString());
        Assert.Equal("Nurture KK", company.GetProperty("newValue").GetString());
        Assert.Equal("key:bootstrap", company.GetProperty("actor").GetString());
        Assert.Contains(changes, c => c.GetProperty("field").GetString() == "consent" && c.GetProperty("newValue").GetString()!.StartsWith("granted"));
        Assert.Contains(changes, c => c.GetProperty("field").GetString() == "owner" && c.GetProperty("newValue").GetString() == "rep-7");
        Assert.Contains(changes, c => c.GetProperty("field").GetString() == "stage" && c.GetProperty("newValue").GetString() == "known");

        // The lead list follows within the write-behind and ClickHouse batch delay.
        var list = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads?q={Uri.EscapeDataString("nurture kk")}&owner=rep-7"),
            l => l.GetProperty("total").GetInt64() == 1 && l.GetProperty("leads").GetArrayLength() == 1);
        var row = list.GetProperty("leads")[0];
        Assert.Equal(id, row.GetProperty("id").GetGuid());
        Assert.Equal(email.ToLowerInvariant(), row.GetProperty("email").GetString());
        Assert.Equal("granted", row.GetProperty("consent").GetString());
        Assert.Equal("CTO", row.GetProperty("traits").GetProperty("title").GetString());

        var byTrait = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads?trait.name={Uri.EscapeDataString("山田 花子")}&stage=known");
        Assert.Equal(1, byTrait.GetProperty("total").GetInt64());
        var none = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads?q={Uri.EscapeDataString("nurture kk")}&stage=hot");
        Assert.Equal(0, none.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task AnOwnerThatIsARep_IsNamed_OnTheLeadAndInItsHistory()
    {
        var rep = "rep-" + Guid.NewGuid().ToString("N")[..8];
        (await app.Api().PostAsJsonAsync("/api/reps", new { id = rep, name = "Rin Tanaka", email = $"{rep}@sales.example", capacity = 10 })).EnsureSuccessStatusCode();
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"{rep}-lead@example.com" } });
        var id = created.GetProperty("leadId").GetGuid();
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", new { owner = rep })).Status);

        var lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}");
        Assert.Equal("Rin Tanaka", lead.GetProperty("ownerName").GetString());
        var history = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/history");
        Assert.Equal("Rin Tanaka", history.GetProperty("repNames").GetProperty(rep).GetString());

        // An owner that is no rep's id (set by hand or the API) has no name, and the id stays.
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", new { owner = "someone-else" })).Status);
        lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}");
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("ownerName").ValueKind);
        Assert.Equal("someone-else", lead.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task CreatingWithAnotherLeadsEmail_Is409_NamingThatLead()
    {
        var email = $"taken-{Guid.NewGuid():N}@example.com";
        var (_, first) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email } });
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = email.ToUpperInvariant() } });
        Assert.Equal(409, status);
        Assert.Equal(first.GetProperty("leadId").GetGuid(), body.GetProperty("existing").GetGuid());
        Assert.Equal("$.traits.email", ProblemBody.Of(status, body).Key);
    }

    public static TheoryData<string, string> HostileEdits => new()
    {
        { "[1,2]", "$" },
        { "{\"traits\": []}", "$.traits" },
        { "{\"traits\": {\"Bad Name\": \"x\"}}", "$.traits['Bad Name']" },
        { "{\"traits\": {\"it's\": \"x\"}}", "$.traits['it\\'s']" },
        { "{\"traits\": {\"note\": \"" + new string('x', 5000) + "\"}}", "$.traits.note" },
        { "{\"traits\": {\"note\": {\"nested\": 1}}}", "$.traits.note" },
        { "{\"traits\": {\"email\": \"not an email\"}}", "$.traits.email" },
        { "{\"traits\": {\"note\": \"bell\\u0007\"}}", "$.traits.note" },
        { "{\"consent\": {\"status\": \"maybe\", \"source\": \"x\"}}", "$.consent.status" },
        { "{\"consent\": {\"status\": \"granted\"}}", "$.consent.source" },
        { "{\"owner\": 42}", "$.owner" },
        { "{\"stage\": \"hot\"}", "$.stage" },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public async Task HostileEdit_Is400_NamingTheField(string body, string field)
    {
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"h-{Guid.NewGuid():N}@example.com" } });
        var (status, error) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{created.GetProperty("leadId").GetGuid()}", body);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, error).Keys);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    public async Task MalformedJson_Is400(string body)
    {
        var (status, problem) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{Guid.NewGuid()}", body.Length == 0 ? "null" : body);
        Assert.Equal(400, status);
        Assert.StartsWith("$", ProblemBody.Of(status, problem).Key);
    }

    [Theory]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=100000", "limit")]
    [InlineData("offset=abc", "offset")]
    [InlineData("stage=boiling", "stage")]
    [InlineData("grade=Z", "grade")]
    [InlineData("minFit=NaN", "minFit")]
    [InlineData("minEngagement=1e999", "minEngagement")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("sort=random", "sort")]
    [InlineData("touch=middle", "touch")]
    [InlineData("trait.Bad-Name=1", "trait.Bad-Name")]
    public async Task HostileListQuery_Is400_NamingTheParameter(string query, string field)
    {
        using var response = await app.Api().GetAsync($"/api/leads?{query}");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(field, (await ProblemBody.ReadAsync(response)).Keys);
    }

    [Theory]
    [InlineData("q=' OR 1=1 --")]
    [InlineData("q=%5C%27%3B DROP TABLE lead_profiles")]
    [InlineData("trait.company=%27) OR (1=1")]
    [InlineData("owner=%F0%9F%98%80")]
    public async Task InjectionShapedQueries_FindNothing_AndBreakNothing(string query)
    {
        using var response = await app.Api().GetAsync($"/api/leads?{query}");
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, body.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task AnOwnerGivenAsATrait_IsTheLeadsOwner()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email, owner = "rep-z" } });
        var id = created.GetProperty("leadId").GetGuid();
        var lead = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}");
        Assert.Equal("rep-z", lead.GetProperty("owner").GetString());
        Assert.False(lead.GetProperty("traits").TryGetProperty("owner", out _));

        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", """{"traits":{"owner":null}}""")).Status);
        var cleared = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("owner").ValueKind);
    }
}
