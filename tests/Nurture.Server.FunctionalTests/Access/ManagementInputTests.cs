using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.Access;

/// <summary>Hostile bodies and ids on the management endpoints: a 400 naming the field, never a 500.</summary>
[Collection(SharedHost.Name)]
public sealed class ManagementInputTests(NurtureApp app)
{
    private const string Pw = "\"password\":\"long enough password\"";

    public static TheoryData<string, string> BadUsers() => new()
    {
        { "", "$" },
        { "{\"email\":", "$" },
        { "[]", "$" },
        { "\"text\"", "$" },
        { "null", "$" },
        { $"{{\"role\":\"admin\",{Pw}}}", "$.email" },
        { $"{{\"email\":\"no-at-sign\",\"role\":\"admin\",{Pw}}}", "$.email" },
        { $"{{\"email\":\"a@b@c\",\"role\":\"admin\",{Pw}}}", "$.email" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"superuser\",{Pw}}}", "$.role" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"ADMIN\",{Pw}}}", "$.role" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin' OR '1'='1\",{Pw}}}", "$.role" },
        { $"{{\"email\":\"x@y.example\",\"role\":[\"admin\"],{Pw}}}", "$.role" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\"}}", "$.password" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"password\":\"short\"}}", "$.password" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"password\":12345678901}}", "$.password" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"password\":\"nul \\u0000 inside it\"}}", "$.password" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"password\":\"{new string('p', 1025)}\"}}", "$.password" },
        { $"{{\"email\":\"{new string('e', 300)}@y.example\",\"role\":\"admin\",{Pw}}}", "$.email" },
        { $"{{\"email\":\"x\\u0000@y.example\",\"role\":\"admin\",{Pw}}}", "$.email" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"displayName\":\"\\ud800\",{Pw}}}", "$.displayName" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"displayName\":\"{new string('d', 100_000)}\",{Pw}}}", "$.displayName" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"admin\",\"displayName\":{{\"nested\":1}},{Pw}}}", "$.displayName" },
        { $"{{\"email\":\"x@y.example\",\"role\":\"sales\",\"repId\":\"'; DROP TABLE nurture_users; --\",{Pw}}}", "$.repId" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task CreateUser_BadBody_Answers400NamingTheField(string json, string field)
    {
        using var response = await app.Api().PostAsync("/api/users", AccessSetup.Json(json));
        await AssertBadRequestAsync(response, field);
    }

    [Fact]
    public async Task CreateUser_OddButValidValues_AreKeptExactly()
    {
        var email = $"o'brien+{Guid.NewGuid():N}@xn--caf-dma.example";
        using var response = await app.Api().PostAsJsonAsync("/api/users",
            new { email = "  " + email.ToUpperInvariant() + " ", role = "marketer", displayName = "Zoë 🚀 '; DROP TABLE nurture_users; --", password = "pässwörd 🔑 with emoji" });
        Assert.Equal(201, (int)response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Zoë 🚀 '; DROP TABLE nurture_users; --", user.GetProperty("displayName").GetString());
        Assert.Equal(200, (int)(await AccessSetup.SignInAsync(app, email, "pässwörd 🔑 with emoji")).StatusCode);
        // The same email again, in another case: taken.
        using var again = await app.Api().PostAsJsonAsync("/api/users", new { email = email.ToUpperInvariant(), role = "sales", password = "long enough password" });
        Assert.Equal(409, (int)again.StatusCode);
    }

    [Theory]
    [InlineData("{\"role\":\"root\"}", "$.role")]
    [InlineData("{\"role\":null}", "$.role")]
    [InlineData("{\"displayName\":\"\"}", "$.displayName")]
    [InlineData("{\"displayName\":\"   \"}", "$.displayName")]
    [InlineData("{\"disabled\":\"yes\"}", "$.disabled")]
    [InlineData("{\"disabled\":null}", "$.disabled")]
    [InlineData("{\"repId\":\"no-such-rep\"}", "$.repId")]
    [InlineData("{\"repId\":42}", "$.repId")]
    [InlineData("[{\"role\":\"admin\"}]", "$")]
    [InlineData("{", "$")]
    public async Task UpdateUser_BadBody_Answers400NamingTheField(string json, string field)
    {
        var user = await AccessSetup.CreateUserAsync(app, Roles.Marketer);
        using var response = await app.Api().PutAsync($"/api/users/{user}", AccessSetup.Json(json));
        await AssertBadRequestAsync(response, field);
    }

    [Theory]
    [InlineData("{}", "$.name")]
    [InlineData("{\"name\":\"k\"}", "$.role")]
    [InlineData("{\"name\":\"k\",\"role\":\"owner\"}", "$.role")]
    [InlineData("{\"name\":\"k\",\"role\":\"admin\",\"expiresAt\":\"tomorrow\"}", "$.expiresAt")]
    [InlineData("{\"name\":\"k\",\"role\":\"admin\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "$.expiresAt")]
    [InlineData("{\"name\":\"k\",\"role\":\"admin\",\"expiresAt\":12}", "$.expiresAt")]
    [InlineData("{\"name\":\"k\",\"role\":\"admin\",\"userId\":\"not-a-guid\"}", "$.userId")]
    [InlineData("{\"name\":\"k\",\"role\":\"admin\",\"userId\":\"00000000-0000-0000-0000-000000000000\"}", "$.userId")]
    [InlineData("{\"name\":\"k\\u0007\",\"role\":\"admin\"}", "$.name")]
    [InlineData("{\"name\":\"😀😀\",\"role\":\"sales\"}", "$.userId")]
    [InlineData("{\"name\":\"k\",\"role\":\"admin\",\"expiresAt\":\"9999-12-31T23:59:59Z\",\"x\":", "$")]
    public async Task CreateKey_BadBody_Answers400NamingTheField(string json, string field)
    {
        using var response = await app.Api().PostAsync("/api/keys", AccessSetup.Json(json));
        await AssertBadRequestAsync(response, field);
    }

    [Fact]
    public async Task CreateKey_HugeName_Answers400()
    {
        using var response = await app.Api().PostAsJsonAsync("/api/keys", new { name = new string('n', 1_000_000), role = "admin" });
        await AssertBadRequestAsync(response, "$.name");
    }

    [Theory]
    [InlineData("PUT", "/api/users/not-a-guid", "id")]
    [InlineData("POST", "/api/users/'%3B%20DROP%20TABLE%20x%3B--/password", "id")]
    [InlineData("DELETE", "/api/keys/%F0%9F%98%80", "id")]
    [InlineData("POST", "/api/auth/sign-in", "$.email")]
    public async Task Ids_AndSignIn_BadInput_Answers400(string method, string path, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = AccessSetup.Json("{}") };
        using var response = await app.Api().SendAsync(request);
        await AssertBadRequestAsync(response, field);
    }

    [Fact]
    public async Task UnknownUser_Answers404()
    {
        Assert.Equal(404, (int)(await app.Api().PutAsJsonAsync($"/api/users/{Guid.NewGuid()}", new { role = "sales" })).StatusCode);
        Assert.Equal(404, (int)(await app.Api().PostAsJsonAsync($"/api/users/{Guid.NewGuid()}/password", new { password = "long enough password" })).StatusCode);
        Assert.Equal(404, (int)(await app.Api().GetAsync($"/api/users/{Guid.NewGuid()}")).StatusCode);
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemBody.ReadAsync(response);
        Assert.True(problem.Status == 400, problem.Body.ToString());
        Assert.Contains(field, problem.Keys);
    }
}
