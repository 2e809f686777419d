using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Spreadsheets;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>
/// Campaign cost uploads: a good file is stored (and a second upload of the same campaign and month replaces it),
/// a file with any bad row is refused whole with an error at each row and column, listed, downloaded, deleted.
/// </summary>
[Collection(SharedHost.Name)]
public sealed class CampaignCostTests(NurtureApp app)
{
    private const string Costs = "/api/analysis/attribution/costs";
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Upload_StoresEveryRow_ASecondUploadReplaces_AndDeleteRemoves()
    {
        var (status, body) = await UploadAsync(
            $"キャンペーン,期間,費用,通貨\nspring-{_tag},2026-11,\"¥1,200,000\",\nspring-{_tag},2026年12月,300000円,jpy\nspring-{_tag},2026/12,500.25,USD\n");
        Assert.True(status == 200, body.ToString());
        Assert.Equal(3, body.GetProperty("added").GetInt32());

        (status, body) = await UploadAsync($"campaign,period,cost\nspring-{_tag},2026-11-01,1000000\nautumn-{_tag},2026-11,0\n");
        Assert.Equal(200, status);
        Assert.Equal(1, body.GetProperty("added").GetInt32());
        Assert.Equal(1, body.GetProperty("replaced").GetInt32());

        var mine = await MineAsync();
        Assert.Equal(4, mine.Count);
        var november = mine.Single(c => c.GetProperty("campaign").GetString() == $"spring-{_tag}" && c.GetProperty("month").GetString() == "2026-11-01");
        Assert.Equal(1_000_000m, november.GetProperty("amount").GetDecimal());
        Assert.Equal("JPY", november.GetProperty("currency").GetString());
        Assert.Contains(mine, c => c.GetProperty("currency").GetString() == "USD" && c.GetProperty("amount").GetDecimal() == 500.25m);

        using (var csv = await app.Api().GetAsync($"{Costs}/export?format=csv"))
        {
            Assert.Equal(200, (int)csv.StatusCode);
            Assert.Contains($"spring-{_tag},2026-11,1000000.00,JPY", await csv.Content.ReadAsStringAsync());
        }

        var id = november.GetProperty("id").GetString();
        Assert.Equal(204, (await app.SendJsonAsync(HttpMethod.Delete, $"{Costs}/{id}")).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Delete, $"{Costs}/{id}")).Status);
        Assert.Equal(3, (await MineAsync()).Count);
        var (badId, problem) = await app.SendJsonAsync(HttpMethod.Delete, $"{Costs}/not-a-uuid");
        Assert.Equal(400, badId);
        Assert.Contains("id", ProblemBody.Of(badId, problem).Keys);
    }

    [Fact]
    public async Task Xlsx_WithMonthsAsExcelDates_IsRead()
    {
        using var file = new MemoryStream();
        // 46327 is how Excel stores 2026-11-01 when a cell is typed as 2026-11.
        SpreadsheetWriter.WriteXlsx(file, ["campaign", "period", "cost"], [[$"xlsx-{_tag}", "46327", "250000"], [$"xlsx-{_tag}", "2026-12", "1e5"]]);
        var (status, body) = await UploadAsync(file.ToArray(), "costs.xlsx");
        Assert.True(status == 200, body.ToString());
        var mine = await MineAsync();
        Assert.Contains(mine, c => c.GetProperty("month").GetString() == "2026-11-01" && c.GetProperty("amount").GetDecimal() == 250_000m);
        Assert.Contains(mine, c => c.GetProperty("month").GetString() == "2026-12-01" && c.GetProperty("amount").GetDecimal() == 100_000m);
    }

    [Fact]
    public async Task BadRows_AreRefusedWhole_WithAnErrorAtEachRowAndColumn()
    {
        var csv = new StringBuilder("campaign,period,cost,currency\n")
            .Append($"ok-{_tag},2026-11,1000,\n")                       // row 2: fine, but nothing is stored
            .Append($"neg-{_tag},2026-11,-5000,\n")                     // row 3
            .Append($"huge-{_tag},2026-11,1e30,\n")                     // row 4
            .Append($"formula-{_tag},2026-11,=1+2,\n")                  // row 5
            .Append($"month-{_tag},2026-13,1,\n")                       // row 6
            .Append($"day-{_tag},2026-11-15,1,\n")                      // row 7
            .Append($"ok-{_tag},2026-11,2000,\n")                       // row 8: repeats row 2
            .Append(",2026-11,1,\n")                                   // row 9: no campaign
            .Append($"\"'; DROP TABLE nurture_campaign_costs; --{_tag}\",yesterday,1,\n") // row 10
            .Append($"{new string('x', 201)},2026-11,1,\n")             // row 11
            .Append($"money-{_tag},2026-11,1,yen!\n")                   // row 12
            .Append($"cents-{_tag},2026-11,1.005,\n")                   // row 13
            .Append($"words-{_tag},2026-11,one thousand,\n")            // row 14
            .Append($"\"line\nbreak-{_tag}\",2026-11,1,\n");                // row 15: a control character
        var (status, body) = await UploadAsync(csv.ToString());
        Assert.Equal(400, status);
        var errors = ProblemBody.Of(status, body);
        foreach (var key in new[] { "rows[3].cost", "rows[4].cost", "rows[5].cost", "rows[6].period", "rows[7].period", "rows[8].campaign", "rows[9].campaign",
                     "rows[10].period", "rows[11].campaign", "rows[12].currency", "rows[13].cost", "rows[14].cost", "rows[15].campaign" })
            Assert.Contains(key, errors.Keys);
        Assert.DoesNotContain(errors.Keys, k => k.StartsWith("rows[2]", StringComparison.Ordinal));
        Assert.Contains("negative", errors.Errors["rows[3].cost"][0]);
        Assert.Contains("row 2", errors.Errors["rows[8].campaign"][0]);
        Assert.Contains(body.GetProperty("rowErrors").EnumerateArray(), e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("column").GetString() == "cost");
        Assert.Empty(await MineAsync());
    }

    [Fact]
    public async Task HostileCampaignNames_AreKeptAsText_AndDownloadFormulaSafe()
    {
        var (status, body) = await UploadAsync($"campaign,period,cost\n\"=HYPERLINK(\"\"http://169.254.169.254/\"\",\"\"x\"\")-{_tag}\",2026-11,1\n<script>alert(1)</script>-{_tag},2026-11,2\n");
        Assert.True(status == 200, body.ToString());
        var names = (await MineAsync()).Select(c => c.GetProperty("campaign").GetString()).ToList();
        Assert.Contains($"=HYPERLINK(\"http://169.254.169.254/\",\"x\")-{_tag}", names);
        Assert.Contains($"<script>alert(1)</script>-{_tag}", names);
        using var csv = await app.Api().GetAsync($"{Costs}/export?format=csv");
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(", text);
        Assert.DoesNotContain("\n=HYPERLINK", text);
        // The names go into the report's ClickHouse query (to roll costs up to channels) as quoted literals.
        var (reportStatus, report) = await app.SendJsonAsync(HttpMethod.Get, "/api/analysis/attribution?from=2026-11-01&to=2026-12-01&by=channel");
        Assert.True(reportStatus == 200, report.ToString());
        Assert.Contains($"<script>alert(1)</script>-{_tag}", report.GetProperty("unplacedCampaigns").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData("", "file")]
    [InlineData("name,when,price\nx,2026-11,1\n", "file")]
    [InlineData("campaign,period,cost\n", "file")]
    [InlineData("\u0001\u0002\u0003\u0000binary\u0000junk", "file")]
    public async Task UnreadableOrWrongFiles_Are400AtFile(string content, string field)
    {
        var (status, body) = await UploadAsync(content);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
    }

    [Fact]
    public async Task NotMultipart_IsRefusedAtFile()
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, Costs, new { campaign = "x" });
        Assert.Equal(400, status);
        Assert.Contains("file", ProblemBody.Of(status, body).Keys);
        using var noFile = await app.Api().PostAsync(Costs, new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal(400, (int)noFile.StatusCode);
        var (exportStatus, exportBody) = await app.SendJsonAsync(HttpMethod.Get, $"{Costs}/export?format=pdf");
        Assert.Equal(400, exportStatus);
        Assert.Contains("format", ProblemBody.Of(exportStatus, exportBody).Keys);
    }

    private async Task<List<JsonElement>> MineAsync() =>
        (await app.Api().GetFromJsonAsync<JsonElement>(Costs)).EnumerateArray().Where(c => c.GetProperty("campaign").GetString()!.Contains(_tag, StringComparison.Ordinal)).ToList();

    private Task<(int Status, JsonElement Body)> UploadAsync(string csv) => UploadAsync(Encoding.UTF8.GetBytes(csv), "costs.csv");

    private async Task<(int Status, JsonElement Body)> UploadAsync(byte[] file, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        using var response = await app.Api().PostAsync(Costs, form);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
