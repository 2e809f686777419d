using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>Source analysis and the funnel on real ClickHouse data: one person counts once, wins come from sales.</summary>
[Collection(SharedHost.Name)]
public sealed class AnalysisTests(NurtureApp app)
{
    [Fact]
    public async Task LeadsMqlsAndWins_ByChannelAndCampaign_AndTheFunnel()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var campaign = $"camp-{tag}";
        // Two people from a paid campaign (one identifies and is marked won), one organic visitor.
        var paid = $"paid-{tag}";
        await app.SendAsBrowserAsync(app.Event(paid, url: $"https://shop.example.com/?utm_source=google&utm_medium=cpc&utm_campaign={campaign}"),
            app.Event(paid, type: "identify", url: null, extra: new { email = $"{paid}@example.com" }));
        await app.SendAsBrowserAsync(app.Event($"paid2-{tag}", url: $"https://shop.example.com/?utm_source=google&utm_medium=cpc&utm_campaign={campaign}"));
        await app.SendAsBrowserAsync(app.Event($"organic-{tag}", url: "https://shop.example.com/", extra: new { referrer = "https://www.google.com/" }));
        var paidId = (await app.LeadByEmailAsync($"{paid}@example.com")).GetProperty("id").GetGuid();
        var from = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");
        var to = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        // The funnel counts the whole workspace, and the host is shared: this test's win is the one it adds.
        var wonBefore = (await FunnelAsync(from, to)).GetProperty("won").GetInt64();
        Assert.Equal(200, (int)(await app.Api().PostAsJsonAsync($"/api/leads/{paidId}/feedback", new { outcome = "won" })).StatusCode);

        var byCampaign = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/sources?by=campaign&interval=month&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}"),
            r => r.GetProperty("rows").EnumerateArray().Any(row => row.GetProperty("key").GetString() == campaign && row.GetProperty("leads").GetInt64() == 2));
        var row = byCampaign.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == campaign);
        Assert.Equal(2, row.GetProperty("leads").GetInt64());
        Assert.Equal(1, row.GetProperty("known").GetInt64());
        Assert.Equal(1, row.GetProperty("won").GetInt64());

        var byChannel = await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/sources?by=channel&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        Assert.Contains(byChannel.GetProperty("rows").EnumerateArray(), r => r.GetProperty("key").GetString() == "paid_search" && r.GetProperty("leads").GetInt64() >= 2);
        Assert.Contains(byChannel.GetProperty("rows").EnumerateArray(), r => r.GetProperty("key").GetString() == "organic_search");

        var funnel = await FunnelAsync(from, to);
        Assert.True(funnel.GetProperty("leads").GetInt64() >= 3);
        Assert.True(funnel.GetProperty("known").GetInt64() >= 1);
        Assert.Equal(wonBefore + 1, funnel.GetProperty("won").GetInt64());
        Assert.True(funnel.GetProperty("conversion").GetProperty("known").GetDouble() > 0);
        // The won lead was never hot; it still passed every step, so no step has more leads than the one
        // before it and no rate passes 100% (it once read "Won 2 (200.0%)").
        var steps = new[] { "leads", "known", "engaged", "mql", "hot", "won" }.Select(k => funnel.GetProperty(k).GetInt64()).ToList();
        Assert.Equal(steps.OrderDescending(), steps);
        Assert.All(funnel.GetProperty("conversion").EnumerateObject().Where(c => c.Value.ValueKind == JsonValueKind.Number),
            c => Assert.InRange(c.Value.GetDouble(), 0, 1));

        // The same reports as spreadsheets: the campaign's row, and the funnel's stages.
        var range = $"from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}";
        var csv = await (await app.Api().GetAsync($"/api/analysis/sources?by=campaign&interval=month&{range}&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFFPeriod,campaign,Leads,Known,MQLs,Hot,Won", csv);
        Assert.Contains($",{campaign},2,1,", csv);
        using var xlsx = await app.Api().GetAsync($"/api/analysis/funnel?{range}&format=xlsx");
        Assert.Equal(SpreadsheetDownloadType, xlsx.Content.Headers.ContentType!.MediaType);
        using var table = Nurture.Spreadsheets.SpreadsheetReader.Read(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var stages = table.Rows.ToList();
        Assert.Equal(["Leads", "Known", "Engaged", "MQL", "Hot", "Won"], stages.Select(r => r.Cells[0]));
        Assert.Equal((wonBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), stages[^1].Cells[1]);
    }

    private const string SpreadsheetDownloadType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private Task<JsonElement> FunnelAsync(string from, string to) =>
        app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/funnel?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");

    [Theory]
    [InlineData("/api/analysis/sources?by=weather", "by")]
    [InlineData("/api/analysis/sources?interval=fortnight", "interval")]
    [InlineData("/api/analysis/sources?interval=1", "interval")]
    [InlineData("/api/analysis/sources?touch=middle", "touch")]
    [InlineData("/api/analysis/sources?from=yesterday", "from")]
    [InlineData("/api/analysis/sources?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("/api/analysis/funnel?from=2020-01-01&to=2026-01-01", "from")]
    [InlineData("/api/analysis/funnel?to=soon", "to")]
    [InlineData("/api/analysis/funnel?format=pdf", "format")]
    [InlineData("/api/analysis/sources?format=%3DHYPERLINK(1)", "format")]
    [InlineData("/api/alerts?format=xls", "format")]
    public async Task BadParameters_Are400_NamingThem(string path, string field)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Get, path);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
    }
}
