using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.Access;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.Access;

/// <summary>API keys; on the moved clock, so expiry and the key cache's lifetime are passed by moving it, not by waiting.</summary>
[Collection(MovedClock.Name)]
public sealed class KeyLifecycleTests(ClockApp app)
{
    [Fact]
    public async Task Key_CreatedUsedListedRevoked_Answers401RightAfterRevoke()
    {
        using var created = await app.Api().PostAsJsonAsync("/api/keys", new { name = "CRM sync", role = Roles.Marketer });
        Assert.Equal(201, (int)created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = key.GetProperty("key").GetString()!;
        var id = key.GetProperty("id").GetGuid();
        Assert.Matches("^nk_[a-z2-9]{8}_[a-z2-9]{40}$", secret);
        Assert.Equal($"{secret[..11]}_…", key.GetProperty("prefix").GetString());

        var client = AccessSetup.Client(app, secret);
        Assert.Equal(200, (int)(await client.GetAsync("/api/sites")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/api/flows")).StatusCode);
        Assert.Equal(403, (int)(await client.GetAsync("/api/keys")).StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(Roles.Marketer, me.GetProperty("role").GetString());
        Assert.Equal("api", me.GetProperty("kind").GetString());
        Assert.Equal($"key:{secret[..11]}_…", me.GetProperty("actor").GetString());

        var listText = await app.Api().GetStringAsync("/api/keys");
        Assert.DoesNotContain(secret[12..], listText);
        Assert.DoesNotContain("hash", listText, StringComparison.OrdinalIgnoreCase);
        var listed = JsonDocument.Parse(listText).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal("CRM sync", listed.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        // Used within the last minute: recorded once, off the request path.
        await ClickHouseProbe.EventuallyAsync(() => app.Api().GetStringAsync("/api/keys"),
            text => JsonDocument.Parse(text).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id).GetProperty("lastUsedAt").ValueKind == JsonValueKind.String);

        Assert.Equal(204, (int)(await app.Api().DeleteAsync($"/api/keys/{id}")).StatusCode);
        using var after = await client.GetAsync("/api/sites");
        Assert.Equal(401, (int)after.StatusCode);
        Assert.Equal("Bearer", after.Headers.WwwAuthenticate.Single().Scheme);
        var revoked = (await app.Api().GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);
        Assert.Equal(204, (int)(await app.Api().DeleteAsync($"/api/keys/{id}")).StatusCode);
        Assert.Equal(404, (int)(await app.Api().DeleteAsync($"/api/keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Key_RevokedBehindThisNodesBack_StopsWorkingWithinTheCacheTtl()
    {
        // As another node would: straight in PostgreSQL, so this node's cache is not told.
        var (secret, id) = await AccessSetup.CreateKeyAsync(app, Roles.Marketer);
        var client = AccessSetup.Client(app, secret);
        Assert.Equal(200, (int)(await client.GetAsync("/api/sites")).StatusCode);
        await AccessSetup.ExecuteAsync(app, "UPDATE nurture_api_keys SET revoked_at = now() WHERE id = $1", id);
        // The node keeps a key at most the cache's lifetime: once that has passed, the next request is refused.
        app.Clock.Advance(new AccessOptions().KeyCacheTtl);
        Assert.Equal(401, (int)(await client.GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task Key_WithExpiry_StopsAtExpiry()
    {
        var (secret, _) = await AccessSetup.CreateKeyAsync(app, Roles.Admin, expiresAt: app.Clock.GetUtcNow().AddMinutes(10).ToString("O"));
        var client = AccessSetup.Client(app, secret);
        Assert.Equal(200, (int)(await client.GetAsync("/api/keys")).StatusCode);
        // A minute short of the expiry (long past the key cache's lifetime, so read again): still good.
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(200, (int)(await client.GetAsync("/api/keys")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(401, (int)(await client.GetAsync("/api/keys")).StatusCode);
    }

    [Fact]
    public async Task Key_ForAUser_NeverExceedsTheUser()
    {
        var sales = await AccessSetup.CreateUserAsync(app, Roles.Sales);
        using var tooStrong = await app.Api().PostAsJsonAsync("/api/keys", new { name = "x", role = Roles.Marketer, userId = sales });
        Assert.Equal(400, (int)tooStrong.StatusCode);
        Assert.Equal("$.role", (await ProblemBody.ReadAsync(tooStrong)).Key);
        using var noUser = await app.Api().PostAsJsonAsync("/api/keys", new { name = "x", role = Roles.Sales });
        Assert.Equal("$.userId", (await ProblemBody.ReadAsync(noUser)).Key);

        // An admin's key acts as no more than the user is now: demoted to marketer, it may no longer manage users.
        var admin = await AccessSetup.CreateUserAsync(app, Roles.Admin);
        var (secret, _) = await AccessSetup.CreateKeyAsync(app, Roles.Admin, admin);
        var client = AccessSetup.Client(app, secret);
        Assert.Equal(200, (int)(await client.GetAsync("/api/users")).StatusCode);
        using var demoted = await app.Api().PutAsJsonAsync($"/api/users/{admin}", new { role = Roles.Marketer });
        demoted.EnsureSuccessStatusCode();
        Assert.Equal(403, (int)(await client.GetAsync("/api/users")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/api/flows")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer nk_aaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("Bearer test_api_key_0123456789abcdeF")]
    [InlineData("bearer test_api_key_0123456789abcdef")]
    public async Task BootstrapKey_IsAdmin_AndLookalikesAreNot(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await app.CreateClient().SendAsync(request);
        if (authorization == "bearer " + NurtureApp.ApiKey)
        {
            var me = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("admin", "bootstrap"), (me.GetProperty("role").GetString(), me.GetProperty("kind").GetString()));
        }
        else Assert.Equal(401, (int)response.StatusCode);
    }
}
