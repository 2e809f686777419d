using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Nurture.EventStore.Dashboard;
using Nurture.Server.Dashboard;
using Nurture.Server.FunctionalTests.Access;
using Nurture.Server.FunctionalTests.Infrastructure;
using static Nurture.Server.FunctionalTests.Dashboard.DashboardApp;

namespace Nurture.Server.FunctionalTests.Dashboard;

/// <summary>
/// The weekly digest through the real outbox and SMTP sink: what it says (subject, the week's numbers against the
/// week before, links into the console, hostile page paths and campaign names encoded), that each opted-in user gets
/// it once a week however many rounds run, and that nobody else gets it. The opt-in itself, hostile input included.
/// </summary>
public sealed class WeeklyDigestTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    [Fact]
    public async Task Digest_GoesOncePerWeek_ToEachOptedInUser_WithTheWeeksNumbers()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Opted in: a marketer and a sales user themselves, an admin by an admin. Not: a marketer who did not, a disabled user who had.
        var marketer = $"marketer-{tag}@team.example";
        var sales = $"sales-{tag}@team.example";
        var admin = $"admin-{tag}@team.example";
        var silent = $"silent-{tag}@team.example";
        var gone = $"gone-{tag}@team.example";
        await AccessSetup.CreateUserAsync(app, "marketer", email: marketer);
        await AccessSetup.CreateUserAsync(app, "sales", email: sales);
        var adminId = await AccessSetup.CreateUserAsync(app, "admin", email: admin);
        await AccessSetup.CreateUserAsync(app, "marketer", email: silent);
        var goneId = await AccessSetup.CreateUserAsync(app, "marketer", email: gone);
        foreach (var email in new[] { marketer, sales, gone })
        {
            using var session = await SessionAsync(email);
            using var optIn = await session.PatchAsJsonAsync("/api/auth/me", new { weeklyDigest = true });
            Assert.Equal(200, (int)optIn.StatusCode);
            Assert.True((await optIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("weeklyDigest").GetBoolean());
        }
        using (var byAdmin = await app.Api().PutAsJsonAsync($"/api/users/{adminId}", new { weeklyDigest = true }))
            Assert.True((await byAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("weeklyDigest").GetBoolean());
        using (var disable = await app.Api().PutAsJsonAsync($"/api/users/{goneId}", new { disabled = true }))
            Assert.Equal(200, (int)disable.StatusCode);

        // The digest sent today reports the week up to yesterday against the week before, in JST days.
        // The digest's day is the host's start in JST (even if this test runs past midnight there).
        var digestDay = DateOnly.FromDateTime(app.StartedInTokyo);
        var week = new DashboardPeriods(Tokyo, digestDay.AddDays(-1));
        var inWeek = week.StartOf(week.Today).AddHours(3);
        var weekBefore = week.StartOf(week.Today.AddDays(-7)).AddHours(3);
        const string campaign = "<b>spring</b> & \"sale\"";
        await app.InsertAsync("lead_profiles",
            Lead(Guid.NewGuid(), inWeek, campaign), Lead(Guid.NewGuid(), inWeek, campaign), Lead(Guid.NewGuid(), inWeek), Lead(Guid.NewGuid(), weekBefore));
        await app.InsertAsync("score_changes", Stage(Guid.NewGuid(), "mql", inWeek));
        await app.InsertAsync("events",
            Event("page_view", inWeek, path: "/pricing<img src=x onerror=alert(1)>"), Event("page_view", inWeek, path: "/pricing<img src=x onerror=alert(1)>"),
            Event("email_sent", inWeek, sendId: "d1"), Event("email_sent", inWeek, sendId: "d2"), Event("email_open", inWeek, sendId: "d1"),
            Event("email_open", inWeek, sendId: "d2", bot: true));

        var digest = app.Services.GetRequiredService<WeeklyDigest>();
        // Two rounds at once, as two nodes would run them: one digest each.
        var queued = await Task.WhenAll(digest.SendDueAsync(CancellationToken.None), digest.SendDueAsync(CancellationToken.None));
        Assert.Equal(3, queued.Sum());
        Assert.Equal(0, await digest.SendDueAsync(CancellationToken.None));

        var message = Assert.Single(await MailSink.WaitForAllAsync(marketer, 1));
        await MailSink.WaitForAllAsync(sales, 1);
        await MailSink.WaitForAllAsync(admin, 1);
        Assert.Contains("3 new leads, 1 MQLs, 0 won", message.Subject);
        Assert.Contains(week.WeekStart.ToString("yyyy-MM-dd"), message.Subject);
        var text = message.TextBody;
        var console = "http://127.0.0.1:5080/console/#/";
        Assert.Contains($"New leads: 3 (week before: 1, +2 (+200%))  {console}leads?sort=created", text);
        Assert.Contains($"MQLs: 1 (week before: 0, +1)  {console}leads?stage=mql", text);
        Assert.Contains("Emails sent: 2 (week before: 0, +2)", text);
        Assert.Contains("Opened (people): 1 (week before: 0, +1)", text);
        Assert.Contains($"- {campaign}: 2 (week before: 0)  {console}leads?campaign={Uri.EscapeDataString(campaign)}", text);
        Assert.Contains("- /pricing<img src=x onerror=alert(1)>: 2 (week before: 0)", text);
        Assert.Contains($"{console}dashboard", text);
        var html = message.HtmlBody;
        Assert.DoesNotContain("<b>spring", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;b&gt;spring&lt;/b&gt; &amp; &quot;sale&quot;", html);
        Assert.Contains($"href=\"{console}leads?campaign={Uri.EscapeDataString(campaign)}\"", html);
        Assert.Contains($"href=\"{console}dashboard\"", html);

        // Later the same week: nothing more. The next week: one more each.
        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await digest.SendDueAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(3, await digest.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, await digest.SendDueAsync(CancellationToken.None));
        Assert.Equal(2, (await MailSink.WaitForAllAsync(marketer, 2)).Count);
        await MailSink.WaitForAllAsync(admin, 2);
        await Task.Delay(1000); // time for anything sent wrongly to arrive
        Assert.Equal(2, MailSink.To(sales).Count);
        Assert.Empty(MailSink.To(silent));
        Assert.Empty(MailSink.To(gone));
    }

    [Theory]
    [InlineData("{\"weeklyDigest\":\"yes\"}")]
    [InlineData("{\"weeklyDigest\":1}")]
    [InlineData("{\"weeklyDigest\":null}")]
    [InlineData("{\"weeklyDigest\":{\"$ne\":false}}")]
    [InlineData("{}")]
    public async Task OptIn_OfTheWrongForm_Is400_NamingTheField(string json)
    {
        using var session = await SessionAsync(await NewUserAsync());
        using var own = await session.PatchAsync("/api/auth/me", AccessSetup.Json(json));
        Assert.Equal(400, (int)own.StatusCode);
        Assert.Contains("$.weeklyDigest", ProblemBody.Of(400, await own.Content.ReadFromJsonAsync<JsonElement>()).Keys);

        if (json == "{}") return; // an admin's PUT changes only what it names
        var userId = await AccessSetup.CreateUserAsync(app, "sales");
        using var byAdmin = await app.Api().PutAsync($"/api/users/{userId}", AccessSetup.Json(json));
        Assert.Equal(400, (int)byAdmin.StatusCode);
        Assert.Contains("$.weeklyDigest", ProblemBody.Of(400, await byAdmin.Content.ReadFromJsonAsync<JsonElement>()).Keys);
    }

    [Theory]
    [InlineData("[true]")]
    [InlineData("true")]
    [InlineData("{\"weeklyDigest\":tru")]
    [InlineData("\u0000")]
    public async Task OptIn_NotAJsonObject_Is400(string body)
    {
        using var session = await SessionAsync(await NewUserAsync());
        using var response = await session.PatchAsync("/api/auth/me", AccessSetup.Json(body));
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task OptIn_HugeBody_AndAKeyWithoutAUser_AreRefused()
    {
        using var session = await SessionAsync(await NewUserAsync());
        foreach (var huge in new[] { $"{{\"weeklyDigest\":\"{new string('a', 2_000_000)}\"}}", "{\"weeklyDigest\":1e999}", $"{{\"weeklyDigest\":{new string('[', 5000)}" })
        {
            using var response = await session.PatchAsync("/api/auth/me", AccessSetup.Json(huge));
            Assert.Equal(400, (int)response.StatusCode);
        }
        Assert.False((await session.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("user").GetProperty("weeklyDigest").GetBoolean());
        // The bootstrap key is nobody's: there is no user to opt in.
        using var bootstrap = await app.Api().PatchAsync("/api/auth/me", AccessSetup.Json("{\"weeklyDigest\":true}"));
        Assert.Equal(400, (int)bootstrap.StatusCode);
        Assert.Contains("Authorization", ProblemBody.Of(400, await bootstrap.Content.ReadFromJsonAsync<JsonElement>()).Keys);
    }

    private async Task<string> NewUserAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@team.example";
        await AccessSetup.CreateUserAsync(app, "marketer", email: email);
        return email;
    }

    private async Task<HttpClient> SessionAsync(string email)
    {
        using var signIn = await AccessSetup.SignInAsync(app, email, AccessSetup.Password);
        Assert.Equal(200, (int)signIn.StatusCode);
        return AccessSetup.Client(app, (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
    }
}
