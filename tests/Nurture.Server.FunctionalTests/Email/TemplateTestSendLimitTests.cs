using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Access;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Email;

/// <summary>
/// Test sends are limited per person (Nurture:Email:TestSendsPerHour, 20 by default) over a sliding hour, so the
/// editor's button cannot mail strangers in bulk: on a moved clock, the limit holds, holds across the person's
/// keys, leaves other people alone, and lifts once the hour has passed.
/// </summary>
[Collection(MovedClock.Name)]
public sealed class TemplateTestSendLimitTests(ClockApp app)
{
    private const int PerHour = 20;

    [Fact]
    public async Task TestSends_StopAtTheHourlyLimitPerPerson_AndResumeOnceTheHourHasPassed()
    {
        var mia = await AccessSetup.CreateUserAsync(app, "marketer");
        var miasKey = AccessSetup.Client(app, (await AccessSetup.CreateKeyAsync(app, "marketer", mia)).Key);
        var miasOtherKey = AccessSetup.Client(app, (await AccessSetup.CreateKeyAsync(app, "marketer", mia)).Key);
        var someoneElse = AccessSetup.Client(app, (await AccessSetup.CreateKeyAsync(app, "marketer", await AccessSetup.CreateUserAsync(app, "marketer"))).Key);
        var inbox = $"limit-{Guid.NewGuid():N}@office.example";
        async Task<HttpResponseMessage> TestAsync(HttpClient client) =>
            await client.PostAsJsonAsync("/api/templates/limit/test", new { to = inbox, subject = "Limit", html = "<p>Hello</p>" });

        for (var i = 0; i < PerHour; i++)
        {
            using var ok = await TestAsync(miasKey);
            Assert.True((int)ok.StatusCode == 200, await ok.Content.ReadAsStringAsync());
        }
        using (var refused = await TestAsync(miasKey))
        {
            var problem = await ProblemBody.ReadAsync(refused);
            Assert.Equal(429, problem.Status);
            Assert.Contains("20 test emails in the last hour", problem.Detail);
            var retryAfter = int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 3000, 3600);
            Assert.Equal(retryAfter, problem.Body.GetProperty("retryAfter").GetInt32());
        }
        // The limit is the person's, whichever key they use; other people have their own.
        using (var otherKey = await TestAsync(miasOtherKey)) Assert.Equal(429, (int)otherKey.StatusCode);
        using (var other = await TestAsync(someoneElse)) Assert.Equal(200, (int)other.StatusCode);
        await MailSink.WaitForAllAsync(inbox, PerHour + 1);

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var again = await TestAsync(miasKey);
        Assert.Equal(200, (int)again.StatusCode);
        Assert.Equal("[Test] Limit", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString());
    }
}
