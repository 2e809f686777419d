using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nurture.EventStore;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>
/// Attribution on real ClickHouse over a history built by hand in a month no other test uses (March 2025), so every
/// number is known in advance: a lead touched by google/cpc, then the newsletter (under an id merged into it), then
/// a direct visit, won at 1,000,000 yen; an organic lead; an imported lead with no touches. Duplicated events,
/// machine traffic, pages reached by the site's own links and touches after the outcome must change nothing.
/// </summary>
[Collection(SharedHost.Name)]
public sealed class AttributionTests(NurtureApp app)
{
    // Each test builds its history in a March of its own, so the two never count each other's outcomes.
    private DateTimeOffset _march = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private string Period => $"from={_march:yyyy-MM-dd}&to={_march.AddMonths(1):yyyy-MM-dd}";

    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private string Spring => $"spring-{_tag}";
    private string News => $"news-{_tag}";

    [Fact]
    public async Task WonDeal_IsSharedByEachModel_AsWorkedOutByHand()
    {
        await BuildHistoryAsync();
        // Won at 1,000,000 yen after google/cpc (2 Mar, and a reload 5 minutes later: one visit), the newsletter
        // (5 Mar) and a direct visit (8 Mar).
        var first = await ReportAsync("won", "first", "channel");
        Assert.Equal(1, first.GetProperty("outcomes").GetDouble(), 9);
        Assert.Equal(1_000_000, first.GetProperty("value").GetDouble(), 6);
        Assert.True(Row(first, "paid_search") == (1.0, 1_000_000.0), first.ToString());

        // Last touch skips the direct return visit, as the lead's own last touch does.
        var last = await ReportAsync("won", "last", "channel");
        Assert.Equal((1.0, 1_000_000.0), Row(last, "email"));
        Assert.Equal(0, Row(last, "direct").Credit);

        var linear = await ReportAsync("won", "linear", "channel");
        foreach (var channel in new[] { "paid_search", "email", "direct" })
        {
            Assert.Equal(1 / 3.0, Row(linear, channel).Credit, 6);
            Assert.Equal(333_333.33, Row(linear, channel).Value, 2);
        }

        var position = await ReportAsync("won", "position", "channel");
        Assert.Equal((0.4, 400_000.0), Row(position, "paid_search"));
        Assert.Equal((0.2, 200_000.0), Row(position, "email"));
        Assert.Equal((0.4, 400_000.0), Row(position, "direct"));

        var bySource = await ReportAsync("won", "position", "source");
        Assert.Equal(0.4, Row(bySource, $"google-{_tag}").Credit, 9);
        Assert.Equal(0.2, Row(bySource, $"newsletter-{_tag}").Credit, 9);

        // A late event: a second deal recorded now for the organic lead, closed in March, is counted from now on; a sales
        // meeting before it is an offline touch.
        await app.ClickHouse.InsertAsync("events",
        [
            Event(LeadB, "meeting-b", "sales_meeting", At(22, 9), new Source("sales", "", "", "", ""), siteless: true, props: new() { ["outcome"] = "demo" }),
            Event(LeadB, "won-b", "sales_won", At(26, 9), new Source("sales", "", "", "", ""), siteless: true,
                props: new() { ["deal_value"] = "500000", ["closed_on"] = $"{_march:yyyy-MM}-25" }),
        ]);
        var later = await ReportAsync("won", "first", "channel");
        Assert.Equal(2, later.GetProperty("outcomes").GetDouble(), 9);
        Assert.Equal(1_500_000, later.GetProperty("value").GetDouble(), 6);
        Assert.Equal((1.0, 500_000.0), Row(later, "organic_search"));
        // Position-based over two touches: half each, so the meeting's channel has half of B's deal.
        var laterPosition = await ReportAsync("won", "position", "channel");
        Assert.Equal((0.5, 250_000.0), Row(laterPosition, "sales"));
        Assert.Equal((0.5, 250_000.0), Row(laterPosition, "organic_search"));
        Assert.Equal((0.4, 400_000.0), Row(laterPosition, "paid_search"));
    }

    [Fact]
    public async Task NewLeadsMqlsAndHot_CountTheTouchesBeforeEach_AndCostPerLeadIsByHand()
    {
        _march = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await BuildHistoryAsync();
        // New leads: A (its first visit was google/cpc), B (organic search), C (imported, no touch at all).
        var leads = await ReportAsync("new", "linear", "channel");
        Assert.Equal(3, leads.GetProperty("outcomes").GetDouble(), 9);
        Assert.Equal(1, Row(leads, "paid_search").Credit, 9);
        Assert.Equal(1, Row(leads, "organic_search").Credit, 9);
        Assert.Equal(1, Row(leads, "").Credit, 9);
        Assert.Equal(0, Row(leads, "social").Credit);

        // MQL on 5 Mar after google and the newsletter: half each under position-based (two touches).
        var mql = await ReportAsync("mql", "position", "channel");
        Assert.Equal(1, mql.GetProperty("outcomes").GetDouble(), 9);
        Assert.Equal(0.5, Row(mql, "paid_search").Credit, 9);
        Assert.Equal(0.5, Row(mql, "email").Credit, 9);
        // Hot on 8 Mar, after the direct visit too; a lead that cooled and became hot again counts once, at its first time.
        var hot = await ReportAsync("hot", "position", "channel");
        Assert.Equal(1, hot.GetProperty("outcomes").GetDouble(), 9);
        Assert.Equal(0.4, Row(hot, "direct").Credit, 9);

        // Costs: spring 300,000 yen in March, the newsletter 50,000, and a campaign with no touches 1,000.
        var upload = await UploadAsync($"campaign,period,cost\n{Spring},{_march:yyyy-MM},300000\n{News},{_march:yyyy-MM},\"50,000\"\nghost-{_tag},{_march:yyyy-MM},1000\n", "costs.csv");
        Assert.Equal(200, upload.Status);
        Assert.Equal(3, upload.Body.GetProperty("added").GetInt32());

        var byCampaign = await ReportAsync("new", "first", "campaign");
        var spring = RowOf(byCampaign, Spring);
        Assert.Equal(300_000m, spring.GetProperty("cost").GetDecimal());
        Assert.Equal(300_000m, spring.GetProperty("costPerOutcome").GetDecimal()); // one lead
        var news = RowOf(byCampaign, News);
        Assert.Equal(0, news.GetProperty("credit").GetDouble());
        Assert.Equal(50_000m, news.GetProperty("cost").GetDecimal());
        Assert.Equal(JsonValueKind.Null, news.GetProperty("costPerOutcome").ValueKind);

        // Cost per won deal under position-based: spring has 0.4 of the deal, the newsletter 0.2.
        var won = await ReportAsync("won", "position", "campaign");
        Assert.Equal(750_000m, RowOf(won, Spring).GetProperty("costPerOutcome").GetDecimal());
        Assert.Equal(250_000m, RowOf(won, News).GetProperty("costPerOutcome").GetDecimal());

        // Half of March costs half: 15 days of 31.
        var half = await ReportAsync("new", "first", "campaign", $"from={_march:yyyy-MM-dd}&to={_march.AddDays(15):yyyy-MM-dd}");
        Assert.Equal(Math.Round(300_000m * 15 / 31, 2), RowOf(half, Spring).GetProperty("cost").GetDecimal());

        // By channel, a campaign's cost follows its touches; the one with none is reported apart.
        var byChannel = await ReportAsync("new", "first", "channel");
        Assert.True(RowOf(byChannel, "paid_search").GetProperty("cost").GetDecimal() >= 300_000m);
        Assert.Contains($"ghost-{_tag}", byChannel.GetProperty("unplacedCampaigns").EnumerateArray().Select(c => c.GetString()));

        // The table downloads as CSV and XLSX.
        using var csv = await app.Api().GetAsync($"/api/analysis/attribution/export?{Period}&outcome=won&model=position&by=campaign&format=csv");
        Assert.Equal(200, (int)csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains($"{Spring},0.4,", text);
        Assert.Contains("cost per won deal (JPY)", text);
        using var xlsx = await app.Api().GetAsync($"/api/analysis/attribution/export?{Period}&outcome=won&model=position&by=campaign&format=xlsx");
        Assert.Equal(200, (int)xlsx.StatusCode);
        Assert.Equal("PK", Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync())[..2]));
    }

    [Fact]
    public async Task TheModelsInClickHouse_AgreeWithTheirCSharpArithmetic()
    {
        var analysis = app.Services.GetRequiredService<AttributionAnalysis>();
        List<IReadOnlyList<string>> cases =
        [
            ["email"], ["direct", "email"], ["paid_search", "email", "direct"], ["direct", "direct", "direct"],
            ["social", "direct", "email", "referral", "direct", "paid_search"],
        ];
        foreach (var model in Enum.GetValues<AttributionModel>())
        {
            var fromClickHouse = await analysis.WeightsFromClickHouseAsync(model, cases, default);
            for (var i = 0; i < cases.Count; i++)
            {
                var expected = AttributionModels.Weights(model, cases[i]);
                Assert.Equal(expected.Length, fromClickHouse[i].Length);
                for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], fromClickHouse[i][j], 9);
                Assert.Equal(1, fromClickHouse[i].Sum(), 9);
            }
        }
    }

    [Theory]
    [InlineData("outcome=sales", "outcome")]
    [InlineData("outcome=1", "outcome")]
    [InlineData("model=shapley", "model")]
    [InlineData("by=weather", "by")]
    [InlineData("currency=%C2%A5%C2%A5", "currency")]
    [InlineData("currency=JP%00", "currency")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("to=99999-01-01", "to")]
    public async Task BadParameters_Are400_NamingThem(string parameters, string field)
    {
        foreach (var path in new[] { "/api/analysis/attribution", "/api/analysis/attribution/export" })
        {
            var (status, body) = await app.SendJsonAsync(HttpMethod.Get, $"{path}?{parameters}");
            Assert.Equal(400, status);
            Assert.Contains(field, ProblemBody.Of(status, body).Keys);
        }
    }

    // The hand-built history. Lead A's id a2 was merged into a1 (its newsletter visit was under a2).
    private Guid LeadA { get; } = Guid.NewGuid();
    private Guid LeadA2 { get; } = Guid.NewGuid();
    private Guid LeadB { get; } = Guid.NewGuid();
    private Guid LeadC { get; } = Guid.NewGuid();

    private async Task BuildHistoryAsync()
    {
        await app.ClickHouse.InsertAsync("lead_profiles",
        [
            Profile(LeadA, At(2, 10), [LeadA, LeadA2]),
            Profile(LeadA2, At(5, 9), [LeadA2], mergedInto: LeadA),
            Profile(LeadB, At(20, 15), [LeadB]),
            Profile(LeadC, At(15, 12), [LeadC]),
        ]);
        var google = new Source("paid_search", $"google-{_tag}", "cpc", Spring, "www.google.com");
        var newsletter = new Source("email", $"newsletter-{_tag}", "email", News, "");
        var duplicate = Event(LeadA2, "a-news", "page_view", At(5, 9), newsletter);
        await app.ClickHouse.InsertAsync("events",
        [
            Event(LeadA, "a-google", "page_view", At(2, 10), google),
            Event(LeadA, "a-google-reload", "page_view", At(2, 10).AddMinutes(5), google),
            duplicate, duplicate,
            // A page reached by the site's own link: direct with the site as referrer, not a touch.
            Event(LeadA2, "a-inner", "page_view", At(5, 9).AddMinutes(1), new Source("direct", "", "", "", "shop.example.com")),
            // Machine traffic with a channel: not a touch.
            Event(LeadA, "a-bot", "page_view", At(6, 9), new Source("social", "", "", "", "t.co"), bot: true),
            Event(LeadA, "a-direct", "page_view", At(8, 8), new Source("direct", "", "", "", "")),
            Event(LeadA, "a-won", "sales_won", At(10, 12), new Source("sales", "", "", "", ""), siteless: true,
                props: new() { ["deal_value"] = "1000000", ["closed_on"] = $"{_march:yyyy-MM}-10" }),
            // The same won event again (a retry): one deal.
            Event(LeadA, "a-won", "sales_won", At(10, 12), new Source("sales", "", "", "", ""), siteless: true,
                props: new() { ["deal_value"] = "1000000", ["closed_on"] = $"{_march:yyyy-MM}-10" }),
            // After the outcomes: changes nothing.
            Event(LeadA, "a-after", "page_view", At(11, 9), new Source("social", "", "", "", "t.co")),
            Event(LeadB, "b-organic", "page_view", At(20, 15), new Source("organic_search", "", "", "", "www.google.com")),
        ]);
        await app.ClickHouse.InsertAsync("score_changes",
        [
            Stage(LeadA2, "mql", At(5, 9).AddMinutes(30)),
            Stage(LeadA, "hot", At(8, 8).AddMinutes(30)),
            Stage(LeadA, "engaged", At(9, 8)),
            Stage(LeadA, "hot", At(9, 20)),
        ]);
    }

    private sealed record Source(string Channel, string UtmSource, string UtmMedium, string UtmCampaign, string ReferrerHost);

    private DateTimeOffset At(int day, int hour) => _march.AddDays(day - 1).AddHours(hour);

    private static Dictionary<string, object> Profile(Guid id, DateTimeOffset created, Guid[] history, Guid? mergedInto = null) => new()
    {
        ["lead_id"] = id, ["version"] = 1, ["merged_into"] = mergedInto?.ToString("D") ?? "", ["erased"] = 0,
        ["created_at"] = created.ToUnixTimeSeconds(), ["last_seen"] = created.ToUnixTimeSeconds(),
        ["history_ids"] = history.Select(h => h.ToString("D")).ToArray(),
    };

    private Dictionary<string, object> Event(Guid lead, string id, string type, DateTimeOffset at, Source? source = null, bool bot = false,
        bool siteless = false, Dictionary<string, string>? props = null) => new()
    {
        ["event_id"] = $"{id}-{_tag}", ["site_id"] = siteless ? Guid.Empty : app.SiteId, ["lead_id"] = lead, ["visitor_id"] = $"v-{lead:N}",
        ["type"] = type, ["channel"] = source?.Channel ?? "", ["utm_source"] = source?.UtmSource ?? "", ["utm_medium"] = source?.UtmMedium ?? "",
        ["utm_campaign"] = source?.UtmCampaign ?? "", ["referrer_host"] = source?.ReferrerHost ?? "", ["is_bot"] = bot ? 1 : 0,
        ["prop_keys"] = props?.Keys.ToArray() ?? [], ["prop_values"] = props?.Values.ToArray() ?? [],
        ["server_time"] = at.ToUnixTimeSeconds(), ["server_ms"] = at.ToUnixTimeMilliseconds(),
    };

    private static Dictionary<string, object> Stage(Guid lead, string stage, DateTimeOffset at) => new()
    {
        ["lead_id"] = lead, ["kind"] = "stage", ["stage"] = stage, ["at"] = at.ToUnixTimeSeconds(), ["at_ms"] = at.ToUnixTimeMilliseconds(),
    };

    private async Task<JsonElement> ReportAsync(string outcome, string model, string by, string? period = null) =>
        await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/attribution?{period ?? Period}&outcome={outcome}&model={model}&by={by}");

    private static JsonElement RowOf(JsonElement report, string key) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == key);

    /// <summary>A row's credit and value, (0, 0) when the report has no such row; rounded to compare with hand numbers.</summary>
    private static (double Credit, double Value) Row(JsonElement report, string key)
    {
        var row = report.GetProperty("rows").EnumerateArray().FirstOrDefault(r => r.GetProperty("key").GetString() == key);
        return row.ValueKind == JsonValueKind.Undefined ? (0, 0)
            : (Math.Round(row.GetProperty("credit").GetDouble(), 6), Math.Round(row.GetProperty("value").GetDouble(), 2));
    }

    private async Task<(int Status, JsonElement Body)> UploadAsync(string csv, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", name } };
        using var response = await app.Api().PostAsync("/api/analysis/attribution/costs", form);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
