using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.Access;

[Collection(SharedHost.Name)]
public sealed class SignInTests(NurtureApp app)
{
    [Fact]
    public async Task SignIn_GivesASessionKey_ThatSignOutRevokes()
    {
        var email = $"Mia-{Guid.NewGuid():N}@Team.example";
        var userId = await AccessSetup.CreateUserAsync(app, Roles.Marketer, email: email);

        // The email is matched whatever its case.
        using var signIn = await AccessSetup.SignInAsync(app, email.ToUpperInvariant(), AccessSetup.Password);
        Assert.Equal(200, (int)signIn.StatusCode);
        var session = await signIn.Content.ReadFromJsonAsync<JsonElement>();
        var key = session.GetProperty("key").GetString()!;
        var expiresAt = session.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddHours(11.9), DateTimeOffset.UtcNow.AddHours(12.1));
        Assert.Equal(email.ToLowerInvariant(), session.GetProperty("user").GetProperty("email").GetString());

        var client = AccessSetup.Client(app, key);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(("marketer", "session"), (me.GetProperty("role").GetString(), me.GetProperty("kind").GetString()));
        Assert.Equal(userId, me.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal("user:" + email.ToLowerInvariant(), me.GetProperty("actor").GetString());
        Assert.Equal(200, (int)(await client.GetAsync("/api/flows")).StatusCode);
        Assert.Equal(403, (int)(await client.GetAsync("/api/users")).StatusCode);
        // Sessions are keys: admins see them in the list and may revoke them.
        Assert.Contains((await app.Api().GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray(),
            k => k.GetProperty("kind").GetString() == "session" && k.GetProperty("userId").GetGuid() == userId);

        Assert.Equal(204, (int)(await client.PostAsync("/api/auth/sign-out", null)).StatusCode);
        Assert.Equal(401, (int)(await client.GetAsync("/api/auth/me")).StatusCode);
        // An API key does not sign out: it is revoked by an admin.
        Assert.Equal(400, (int)(await app.Api().PostAsync("/api/auth/sign-out", null)).StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPasswordUnknownEmailDisabledUser_AnswerTheSame401()
    {
        var email = $"sam-{Guid.NewGuid():N}@team.example";
        var userId = await AccessSetup.CreateUserAsync(app, Roles.Sales, email: email);
        using var good = await AccessSetup.SignInAsync(app, email, AccessSetup.Password);
        var session = AccessSetup.Client(app, (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        Assert.Equal(200, (int)(await session.GetAsync("/api/auth/me")).StatusCode);

        var wrongPassword = await FailedSignInAsync(email, AccessSetup.Password + "!");
        var unknownEmail = await FailedSignInAsync("nobody-" + email, AccessSetup.Password);
        using (var disable = await app.Api().PutAsJsonAsync($"/api/users/{userId}", new { disabled = true }))
        {
            Assert.Equal(200, (int)disable.StatusCode);
            Assert.Equal(JsonValueKind.String, (await disable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabledAt").ValueKind);
        }
        var disabled = await FailedSignInAsync(email, AccessSetup.Password);
        Assert.Equal(wrongPassword, unknownEmail);
        Assert.Equal(wrongPassword, disabled);
        // Disabling ends the sessions the user had.
        Assert.Equal(401, (int)(await session.GetAsync("/api/auth/me")).StatusCode);

        // Enabled again, the user signs in again (the old session stays ended).
        (await app.Api().PutAsJsonAsync($"/api/users/{userId}", new { disabled = false })).EnsureSuccessStatusCode();
        Assert.Equal(200, (int)(await AccessSetup.SignInAsync(app, email, AccessSetup.Password)).StatusCode);
        Assert.Equal(401, (int)(await session.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SignIn_UnknownEmail_TakesAboutAsLongAsAWrongPassword()
    {
        var email = $"tim-{Guid.NewGuid():N}@team.example";
        await AccessSetup.CreateUserAsync(app, Roles.Marketer, email: email);
        await FailedSignInAsync("warm-up@team.example", "warm up the decoy");
        var wrong = await TimeAsync(() => FailedSignInAsync(email, "not the password"));
        var unknown = await TimeAsync(() => FailedSignInAsync("nobody-" + email, "not the password"));
        // Both run one PBKDF2 (tens of milliseconds); a missing decoy would make "unknown" nearly free.
        Assert.True(unknown > wrong / 3, $"unknown email {unknown.TotalMilliseconds} ms, wrong password {wrong.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task PasswordChange_EndsSessions_AndOnlyTheNewPasswordWorks()
    {
        var email = $"pat-{Guid.NewGuid():N}@team.example";
        var userId = await AccessSetup.CreateUserAsync(app, Roles.Admin, email: email);
        using var first = await AccessSetup.SignInAsync(app, email, AccessSetup.Password);
        var session = AccessSetup.Client(app, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        Assert.Equal(200, (int)(await session.GetAsync("/api/users")).StatusCode);

        using var change = await app.Api().PostAsJsonAsync($"/api/users/{userId}/password", new { password = "a brand new passphrase" });
        Assert.Equal(204, (int)change.StatusCode);
        Assert.Equal(401, (int)(await session.GetAsync("/api/users")).StatusCode);
        Assert.Equal(401, (int)(await AccessSetup.SignInAsync(app, email, AccessSetup.Password)).StatusCode);
        Assert.Equal(200, (int)(await AccessSetup.SignInAsync(app, email, "a brand new passphrase")).StatusCode);
    }

    private async Task<string> FailedSignInAsync(string email, string password)
    {
        using var response = await AccessSetup.SignInAsync(app, email, password);
        Assert.Equal(401, (int)response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal("$", problem.Key);
        // Everything but the request's own trace id is the same, whatever failed.
        return string.Join(",", problem.Body.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString()));
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await action();
            if (started.Elapsed < best) best = started.Elapsed;
        }
        return best;
    }

    [Fact]
    public async Task OwnPasswordChange_NeedsTheCurrentOne_EndsEverySession_AndOnlyTheNewOneSignsIn()
    {
        var email = $"own-{Guid.NewGuid():N}@team.example";
        await AccessSetup.CreateUserAsync(app, Roles.Sales, email: email);
        var key = (await (await AccessSetup.SignInAsync(app, email, AccessSetup.Password)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var client = AccessSetup.Client(app, key);

        using (var wrong = await client.PostAsync("/api/auth/password", AccessSetup.Json("""{"currentPassword":"not-the-password","newPassword":"a-new-password-2"}""")))
        {
            Assert.Equal(400, (int)wrong.StatusCode);
            Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("$.currentPassword", out _));
        }
        using (var tooShort = await client.PostAsync("/api/auth/password", AccessSetup.Json($$"""{"currentPassword":"{{AccessSetup.Password}}","newPassword":"short"}""")))
            Assert.Equal(400, (int)tooShort.StatusCode);
        using (var changed = await client.PostAsync("/api/auth/password", AccessSetup.Json($$"""{"currentPassword":"{{AccessSetup.Password}}","newPassword":"a-new-password-2"}""")))
            Assert.Equal(204, (int)changed.StatusCode);

        Assert.Equal(401, (int)(await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(401, (int)(await AccessSetup.SignInAsync(app, email, AccessSetup.Password)).StatusCode);
        Assert.Equal(200, (int)(await AccessSetup.SignInAsync(app, email, "a-new-password-2")).StatusCode);

        // A key that is no user has no password of its own.
        using var asKey = await app.Api().PostAsync("/api/auth/password", AccessSetup.Json("""{"currentPassword":"x","newPassword":"a-new-password-3"}"""));
        Assert.Equal(400, (int)asKey.StatusCode);
    }
}
