using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Email;

/// <summary>
/// Nurture:Email:ScannerClickWindow on a moved clock: a click sooner than that after the send is a link
/// scanner's (stored, flagged, never scored), a later one is the reader's.
/// </summary>
[Collection(MovedClock.Name)]
public sealed partial class LinkScannerWindowTests(ClockApp app)
{
    [Fact]
    public async Task Click_InsideTheConfiguredWindow_IsAScanners_AndOnceItHasPassed_AReaders()
    {
        var api = app.Api();
        using (var saved = await api.PutAsJsonAsync("/api/templates/window", new
        {
            name = "Window", subject = "Plans", html = "<p><a href=\"https://shop.example.com/pricing\">See plans</a></p>",
        }))
            Assert.Equal(200, (int)saved.StatusCode);
        var visitor = "window-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email }));
        var leadId = (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
        using var sent = await api.PostAsJsonAsync($"/api/leads/{leadId}/emails", new { templateId = "window" });
        Assert.Equal(202, (int)sent.StatusCode);
        var message = await MailSink.WaitForAsync((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendId").GetGuid());
        var click = WebUtility.HtmlDecode(new Uri(ClickLink().Match(message.HtmlBody ?? "").Groups[1].Value).PathAndQuery);
        var reader = app.CreateClient(new() { AllowAutoRedirect = false });
        reader.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);

        async Task ClickAsync()
        {
            using var redirect = await reader.GetAsync(click);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        }

        // At once, and a minute short of the window (long past the default 2 s): a scanner's, by time alone.
        await ClickAsync();
        app.Clock.Advance(ClockApp.ScannerClickWindow - TimeSpan.FromMinutes(1));
        await ClickAsync();
        // The window has passed: the reader's.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ClickAsync();

        var clicks = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT is_bot FROM events WHERE visitor_id = 'email:{leadId:N}' AND type = 'email_click' ORDER BY server_ms"),
            rows => rows.Count == 3);
        Assert.Equal([1, 1, 0], clicks.Select(r => r.GetProperty("is_bot").GetInt32()));
        // Only the reader's click scores (5 points; the scanners' would have made 15).
        var score = await ClickHouseProbe.EventuallyAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/score"),
            s => s.GetProperty("score").GetProperty("interest").TryGetProperty("email", out _));
        Assert.Equal(5, score.GetProperty("score").GetProperty("interest").GetProperty("email").GetDouble(), precision: 1);
    }

    [GeneratedRegex("href=\"([^\"]*/e/c/[^\"]*)\"")]
    private static partial Regex ClickLink();
}
