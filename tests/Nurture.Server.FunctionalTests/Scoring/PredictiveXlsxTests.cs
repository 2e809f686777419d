using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Spreadsheets;

namespace Nurture.Server.FunctionalTests.Scoring;

/// <summary>Training from an XLSX upload, on its own app: the CSV test counts the versions it stores.</summary>
public sealed class PredictiveXlsxTests(NurtureApp app) : IClassFixture<NurtureApp>
{
    [Fact]
    public async Task XlsxUpload_TrainsThroughTheSameReaderAsImports()
    {
        var random = new Random(17);
        string[] titles = ["CTO", "CEO", "Engineer", "Student", "営業部長", ""];
        var rows = new List<string?[]>();
        for (var i = 0; i < 1500; i++)
        {
            var pricing = random.NextDouble() < 0.3 ? 0 : Math.Round(random.NextDouble() * 60, 1);
            var title = titles[random.Next(titles.Length)];
            var converted = random.NextDouble() < 1 / (1 + Math.Exp(-(-2.5 + 0.07 * pricing + (title is "CTO" or "CEO" ? 2.5 : 0))));
            // Empty cells are left out of an XLSX row, so a blank note is not a short (ragged) row.
            rows.Add([i == 3 ? "maybe" : converted ? "won" : "lost", pricing.ToString(CultureInfo.InvariantCulture), title, i % 2 == 0 ? "=HYPERLINK(\"http://x\")" : null]);
        }
        using var xlsx = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(xlsx, ["Converted?", "Pricing interest", "Job Title", "Notes"], rows);

        var upload = new MultipartFormDataContent();
        var content = new ByteArrayContent(xlsx.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        upload.Add(content, "file", "leads.xlsx");
        upload.Add(new StringContent("Converted?"), "label");
        using var trained = await app.Api().PostAsync("/api/scoring/predictive/train", upload);
        var body = await trained.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(201 == (int)trained.StatusCode, body.ToString());
        var report = body.GetProperty("report");
        Assert.Equal("XLSX, first sheet", report.GetProperty("source").GetString());
        Assert.Equal(1, report.GetProperty("rows").GetProperty("skipped").GetInt32()); // the "maybe" label
        Assert.Equal(1500 - 1, report.GetProperty("rows").GetProperty("train").GetInt32() + report.GetProperty("rows").GetProperty("test").GetInt32());
        Assert.True(report.GetProperty("auc").GetDouble() > 0.7, report.ToString());
    }
}
