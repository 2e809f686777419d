using System.Net.Http.Json;
using System.Text.Json;
using Nurture.EventStore.Dashboard;
using Nurture.Server.FunctionalTests.Access;
using Nurture.Server.FunctionalTests.Infrastructure;
using static Nurture.Server.FunctionalTests.Dashboard.DashboardApp;

namespace Nurture.Server.FunctionalTests.Dashboard;

/// <summary>
/// GET /api/dashboard against a hand-built history in ClickHouse and PostgreSQL: known counts for today and this
/// week against yesterday and last week, in Japanese days; people's opens and clicks apart from machines'; the same
/// event stored twice, a lead saved twice, a won lead recorded as an event and as feedback, each counted once.
/// </summary>
public sealed class DashboardNumbersTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    [Fact]
    public async Task Dashboard_CountsEachNumberOnce_InTheOrganisationsDays()
    {
        var now = app.Clock.GetUtcNow();
        var p = DashboardPeriods.At(now, Tokyo);
        DateTimeOffset Today(int minutes = 1) => p.StartOf(p.Today).AddMinutes(minutes);
        DateTimeOffset Yesterday(int minutes = 60) => p.StartOf(p.Yesterday).AddMinutes(minutes);
        DateTimeOffset LastWeek(int hours = 2) => p.StartOf(p.LastWeekStart).AddHours(hours);
        // 23:59:59 JST yesterday is 14:59:59 UTC of the same UTC day as today's first JST hours: yesterday's in Japan.
        var justBeforeToday = p.StartOf(p.Today).AddSeconds(-1);
        var yesterdayInWeek = p.Yesterday >= p.WeekStart;
        long Week(long today, long yesterday) => today + (yesterdayInWeek ? yesterday : 0);
        long Last(long lastWeek, long yesterday) => lastWeek + (yesterdayInWeek ? 0 : yesterday);

        var (l1, l2, l3, l4, l5, l6) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await app.InsertAsync("lead_profiles",
            Lead(l1, Today(), "spring"), Lead(l1, Today(), "spring", version: 2), Lead(l2, Today(2)), Lead(l3, justBeforeToday, "spring"),
            Lead(l4, LastWeek(), "autumn"), Lead(l5, LastWeek(3), "autumn"), Lead(l6, LastWeek(4)),
            Lead(Guid.NewGuid(), Today(3), "spring", mergedInto: l1.ToString("D")));
        await app.InsertAsync("score_changes",
            Stage(l1, "mql", Today(1)), Stage(l1, "mql", Today(5)), Stage(l4, "mql", LastWeek()), Stage(l2, "hot", Yesterday()));

        var (s1, s2, s3, s4) = ("send1", "send2", "send3", "send4");
        var won = Guid.NewGuid();
        await app.InsertAsync("events",
            Event("email_sent", Today(), "sent-1", sendId: s1), Event("email_sent", Today(), "sent-1", sendId: s1),
            Event("email_sent", Today(), sendId: s2), Event("email_sent", Today(), sendId: s3), Event("email_sent", LastWeek(), sendId: s4),
            Event("email_open", Today(10), sendId: s1), Event("email_open", Today(20), sendId: s1),
            Event("email_open", Today(10), sendId: s2, bot: true), Event("email_open", LastWeek(5), sendId: s4),
            Event("email_click", Today(12), sendId: s1), Event("email_click", Today(12), sendId: s3, bot: true),
            Event("page_view", Today(), "pv-1", path: "/pricing"), Event("page_view", Today(), "pv-1", path: "/pricing"),
            Event("page_view", Today(2), path: "/pricing"), Event("page_view", Today(3), path: "/"),
            Event("page_view", Today(4), path: "/pricing", bot: true),
            Event("page_view", LastWeek(), path: "/docs"), Event("page_view", LastWeek(), path: "/docs"), Event("page_view", LastWeek(), path: "/pricing"),
            Event("sales_won", Today(30), "won-1", lead: won), Event("sales_won", Today(30), "won-1", lead: won), Event("sales_won", Today(40), lead: won));
        // Wins recorded as sales feedback (before sales_won events existed): the same lead once, another lead yesterday.
        var wonYesterday = Guid.NewGuid();
        await app.ExecuteAsync("INSERT INTO nurture_feedback (lead_id, outcome, at) VALUES ($1, 'won', $2), ($3, 'won', $4)", won, Today(35), wonYesterday, Yesterday());

        // The SLA: one lead waiting past it (reminded), one not yet past it, one answered after its reminder.
        var (late, fresh, answered) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        const string assign = "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at, reminded_at) VALUES ($1, $2, 'r1', 'test', $3, $4)";
        await app.ExecuteAsync(assign, Guid.NewGuid(), late, now.AddHours(-2), now.AddMinutes(-90));
        await app.ExecuteAsync("INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, 'r1', 'test', $3)", Guid.NewGuid(), fresh, now.AddMinutes(-5));
        await app.ExecuteAsync(assign, Guid.NewGuid(), answered, now.AddHours(-3), now.AddMinutes(-150));
        await app.ExecuteAsync("INSERT INTO nurture_feedback (lead_id, outcome, at) VALUES ($1, 'accepted', $2)", answered, now.AddHours(-1));

        var (marketerKey, _) = await AccessSetup.CreateKeyAsync(app, "marketer");
        var report = await AccessSetup.Client(app, marketerKey).GetFromJsonAsync<JsonElement>("/api/dashboard");

        Assert.Equal("Asia/Tokyo", report.GetProperty("timeZone").GetString());
        Assert.Equal(p.Today.ToString("yyyy-MM-dd"), report.GetProperty("today").GetString());
        Assert.Equal(p.WeekStart.ToString("yyyy-MM-dd"), report.GetProperty("weekStart").GetString());
        Assert.Equal(p.StartOf(p.WeekStart), report.GetProperty("starts").GetProperty("week").GetDateTimeOffset());
        AssertFigures(report, "leads", 2, 1, Week(2, 1), Last(3, 1));
        AssertFigures(report, "mqls", 1, 0, 1, 1);
        AssertFigures(report, "hot", 0, 1, Week(0, 1), Last(0, 1));
        AssertFigures(report, "won", 1, 1, Week(1, 1), Last(0, 1));
        AssertFigures(report, "sent", 3, 0, 3, 1);
        // Two human opens of one message are one opened message; the proxy's open and the scanner's click are apart.
        AssertFigures(report, "opened", 1, 0, 1, 1);
        AssertFigures(report, "machineOpened", 1, 0, 1, 0);
        AssertFigures(report, "clicked", 1, 0, 1, 0);
        AssertFigures(report, "machineClicked", 1, 0, 1, 0);
        AssertFigures(report, "pageViews", 3, 0, 3, 3);

        var days = report.GetProperty("days").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(14, days.Count);
        Assert.Equal(p.Today.ToString("yyyy-MM-dd"), days[^1]);
        var leadDays = report.GetProperty("metrics").GetProperty("leads").GetProperty("days").EnumerateArray().Select(d => d.GetInt64()).ToList();
        Assert.Equal([1, 2], leadDays[^2..]);

        var pages = Ranked(report, "topPages");
        Assert.Equal([("/pricing", 2L, 1L), ("/", 1L, 0L), ("/docs", 0L, 2L)], pages);
        var campaigns = Ranked(report, "topCampaigns");
        Assert.Equal([("spring", Week(1, 1), Last(0, 1)), ("autumn", 0L, 2L)], campaigns.OrderByDescending(c => c.Key).ToList());

        Assert.Equal(1, report.GetProperty("sla").GetProperty("openBreaches").GetInt64());

        // The same numbers as a spreadsheet.
        var csv = await AccessSetup.Client(app, marketerKey).GetStringAsync("/api/dashboard?format=csv");
        Assert.Contains($"New leads,2,1,{Week(2, 1)},{Last(3, 1)}", csv);
        Assert.Contains("Opened by machines (privacy proxies or prefetch),1,0,1,0", csv);
        Assert.Contains("Top page: /pricing,,,2,1", csv);
        Assert.Contains("Waiting past the SLA now,1", csv);
        var breachDays = new[] { now.AddMinutes(-90), now.AddMinutes(-150) }.Select(p.DayOf).ToList();
        var breaches = report.GetProperty("metrics").GetProperty("slaBreaches");
        Assert.Equal(breachDays.Count(d => d == p.Today), breaches.GetProperty("today").GetInt64());
        Assert.Equal(breachDays.Count(d => d >= p.WeekStart), breaches.GetProperty("thisWeek").GetInt64());
    }

    [Fact]
    public async Task Dashboard_IsForMarketersAndAdmins_NotSales()
    {
        var (salesKey, _) = await AccessSetup.CreateKeyAsync(app, "sales", await AccessSetup.CreateUserAsync(app, "sales"));
        Assert.Equal(403, (int)(await AccessSetup.Client(app, salesKey).GetAsync("/api/dashboard")).StatusCode);
        Assert.Equal(401, (int)(await app.CreateClient().GetAsync("/api/dashboard")).StatusCode);
        var (status, body) = await app.SendJsonAsync(HttpMethod.Get, "/api/dashboard?format=pdf");
        Assert.Equal(400, status);
        Assert.Contains("format", ProblemBody.Of(status, body).Keys);
        using var xlsx = await app.Api().GetAsync("/api/dashboard?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        // Query parameters it does not take change nothing (and break nothing).
        Assert.Equal(200, (int)(await app.Api().GetAsync("/api/dashboard?from=%27%3B+DROP+TABLE+events&tz=%00")).StatusCode);
    }

    private static void AssertFigures(JsonElement report, string metric, long today, long yesterday, long thisWeek, long lastWeek)
    {
        var f = report.GetProperty("metrics").GetProperty(metric);
        var actual = (f.GetProperty("today").GetInt64(), f.GetProperty("yesterday").GetInt64(), f.GetProperty("thisWeek").GetInt64(), f.GetProperty("lastWeek").GetInt64());
        Assert.True((today, yesterday, thisWeek, lastWeek) == actual, $"{metric}: expected {(today, yesterday, thisWeek, lastWeek)}, got {actual}");
    }

    private static List<(string Key, long ThisWeek, long LastWeek)> Ranked(JsonElement report, string name) =>
        report.GetProperty(name).EnumerateArray()
            .Select(r => (r.GetProperty("key").GetString()!, r.GetProperty("thisWeek").GetInt64(), r.GetProperty("lastWeek").GetInt64())).ToList();
}
