using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Server.Scoring;
using Xunit.Abstractions;

namespace Nurture.Server.FunctionalTests.Scoring;

/// <summary>
/// Training in two steps (upload, see the columns, choose, train) on an app of its own: it stores and activates
/// model versions. Hostile files and choices are refused by field, never with a 5xx.
/// </summary>
public sealed class PredictiveUploadTests(NurtureApp app, ITestOutputHelper output) : IClassFixture<NurtureApp>
{
    private const string Uploads = "/api/scoring/predictive/uploads";

    [Fact]
    public async Task Upload_ShowsTheColumns_ThenTrainsAsChosen_TwiceFromOneUpload_AndTheReportHasItsCurve()
    {
        var api = app.Api();
        var (status, upload) = await UploadAsync(Deals(400));
        Assert.True(status == 201, upload.ToString());
        output.WriteLine(upload.ToString());
        var inspection = upload.GetProperty("inspection");
        Assert.Equal("deals.csv", upload.GetProperty("fileName").GetString());
        Assert.Equal(400, inspection.GetProperty("rows").GetInt32());
        Assert.Equal("Deal status", inspection.GetProperty("suggestedLabel").GetString());
        var kinds = inspection.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("kind").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Email"] = "idLike", ["Deal status"] = "category", ["Pricing visits"] = "number", ["Job title"] = "category",
            ["Newsletter"] = "yesNo", ["First visit"] = "date", ["Notes"] = "text",
        }, kinds);
        var status_ = Column(inspection, "Deal status");
        Assert.Equal(["Won", "Lost", "Open"], status_.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.True(upload.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));

        var id = upload.GetProperty("id").GetGuid();
        var first = await TrainAsync(id, new { label = "Deal status", positive = new[] { "won" }, negative = new[] { "Lost" }, exclude = new[] { "Email", "Notes", "First visit" } });
        var report = first.GetProperty("report");
        output.WriteLine(report.ToString());
        Assert.False(first.GetProperty("active").GetBoolean());
        Assert.True(report.GetProperty("auc").GetDouble() > 0.75, report.ToString());
        Assert.Equal("Pricing visits", report.GetProperty("featureImportance")[0].GetProperty("feature").GetString());
        Assert.Equal(["Email", "First visit", "Notes"], report.GetProperty("excludedColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["won"], report.GetProperty("positiveValues").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(report.GetProperty("features").EnumerateArray(), f => f.GetProperty("name").GetString() is "Email" or "Notes");
        Assert.StartsWith("deals.csv: CSV", report.GetProperty("source").GetString());
        var open = report.GetProperty("skipped").EnumerateArray().Single(s => s.GetProperty("reason").GetString() == "the outcome is none of the values chosen");
        Assert.Equal(400 - report.GetProperty("rows").GetProperty("train").GetInt32() - report.GetProperty("rows").GetProperty("test").GetInt32(), open.GetProperty("count").GetInt32());
        var roc = report.GetProperty("rocCurve").EnumerateArray().ToList();
        Assert.True(roc.Count > 10);
        Assert.Equal((0.0, 0.0), (roc[0].GetProperty("falsePositiveRate").GetDouble(), roc[0].GetProperty("truePositiveRate").GetDouble()));
        Assert.Equal((1.0, 1.0), (roc[^1].GetProperty("falsePositiveRate").GetDouble(), roc[^1].GetProperty("truePositiveRate").GetDouble()));

        // The same upload again, choosing otherwise: open deals count as not won, and the job title is left out.
        var second = await TrainAsync(id, new { label = "Deal status", positive = new[] { "Won" }, exclude = new[] { "Email", "Notes", "First visit", "Job title" } });
        Assert.Equal(first.GetProperty("version").GetInt32() + 1, second.GetProperty("version").GetInt32());
        Assert.Equal(400, second.GetProperty("report").GetProperty("rows").GetProperty("train").GetInt32() + second.GetProperty("report").GetProperty("rows").GetProperty("test").GetInt32());

        var listed = await api.GetFromJsonAsync<JsonElement>("/api/scoring/predictive/models");
        var versions = listed.GetProperty("models").EnumerateArray().Where(m => m.GetProperty("version").GetInt32() >= first.GetProperty("version").GetInt32()).ToList();
        Assert.Equal(2, versions.Count);
        Assert.All(versions, m => Assert.True(m.GetProperty("report").GetProperty("rocCurve").GetArrayLength() > 10));
        using (var activated = await api.PostAsync($"/api/scoring/predictive/models/{second.GetProperty("version").GetInt32()}/activate", null))
            Assert.Equal(200, (int)activated.StatusCode);
        Assert.Equal(second.GetProperty("version").GetInt32(), (await api.GetFromJsonAsync<JsonElement>("/api/scoring/predictive/models")).GetProperty("activeVersion").GetInt32());
    }

    [Fact]
    public async Task HostileFiles_AreRefusedAtTheFileField_OrShownAsText()
    {
        var junk = new byte[64 * 1024];
        new Random(9).NextBytes(junk);
        await AssertUploadRefused([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. junk], 400, "binary");
        await AssertUploadRefused(junk, 400, "");
        await AssertUploadRefused([0xD0, 0xCF, 0x11, 0xE0, .. junk[..512]], 400, "old .xls");
        await AssertUploadRefused([0x50, 0x4B, 0x03, 0x04, .. junk[..512]], 400, "XLSX");
        await AssertUploadRefused([], 400, "empty");
        await AssertUploadRefused(Encoding.UTF8.GetBytes("won,visits\n"), 400, "no data rows");
        await AssertUploadRefused(Encoding.UTF8.GetBytes("won,\"visits\n1,2\n"), 400, "never closed");
        await AssertUploadRefused(Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 501).Select(i => "c" + i)) + "\n1\n"), 400, "more than 500 columns");
        await AssertUploadRefused(Encoding.UTF8.GetBytes("won,visits\n" + string.Concat(Enumerable.Repeat("1,2\n", 200_001))), 400, "more than 200,000 rows");
        await AssertUploadRefused(new byte[11 * 1024 * 1024], 413, "at most 10 MB");

        // A cell longer than Excel allows is cut at its limit, and shown shortened.
        var (longStatus, longCell) = await UploadAsync(Encoding.UTF8.GetBytes("won,Note\n1," + new string('x', 40_000) + "\n0,short\n"));
        Assert.Equal(201, longStatus);
        Assert.Equal(41, Column(longCell.GetProperty("inspection"), "Note").GetProperty("samples")[0].GetString()!.Length);

        // Formulas are shown as the text they are: the console writes them as text, never runs them.
        var (status, formulas) = await UploadAsync(Encoding.UTF8.GetBytes("won,Website\n1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n0,+cmd|'/C calc'!A0\n1,@SUM(A1:A2)\n"));
        Assert.Equal(201, status);
        Assert.Equal(["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|'/C calc'!A0", "@SUM(A1:A2)"],
            Column(formulas.GetProperty("inspection"), "Website").GetProperty("samples").EnumerateArray().Select(s => s.GetString()));

        // Shift_JIS, as Excel in Japan saves "CSV": the headers read as Japanese.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (sjisStatus, sjis) = await UploadAsync(Encoding.GetEncoding(932).GetBytes("成約,役職,価格ページ閲覧数\r\nはい,部長,3\r\nいいえ,エンジニア,0\r\n"));
        Assert.Equal(201, sjisStatus);
        Assert.Equal(["成約", "役職", "価格ページ閲覧数"], sjis.GetProperty("inspection").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("成約", sjis.GetProperty("inspection").GetProperty("suggestedLabel").GetString());

        // Not multipart, no file field, a body over the cap without a Content-Length.
        using (var json = await app.Api().PostAsJsonAsync(Uploads, new { file = "x" }))
            Assert.Contains("multipart/form-data", (await ProblemBody.ReadAsync(json)).Reason("file"));
        using (var noFile = await app.Api().PostAsync(Uploads, new MultipartFormDataContent { { new StringContent("x"), "label" } }))
            Assert.Contains("is required", (await ProblemBody.ReadAsync(noFile)).Reason("file"));
        using (var chunked = await app.Api().PostAsync(Uploads, Form(new byte[11 * 1024 * 1024], chunked: true)))
            Assert.Equal(413, (await ProblemBody.ReadAsync(chunked)).Status);
        Assert.Equal(401, (int)(await app.CreateClient().PostAsync(Uploads, Form(Deals(60)))).StatusCode);
    }

    [Fact]
    public async Task BadChoices_AreRefusedByField()
    {
        var (_, upload) = await UploadAsync(Deals(200));
        var train = $"{Uploads}/{upload.GetProperty("id").GetGuid()}/train";

        await AssertRefused(train, new { label = "Deal status", positive = new[] { "won" } }, null, 201); // the choice that works, for contrast
        await AssertRefused(train, new { }, "$.label", 400, "is required");
        await AssertRefused(train, new { label = 5 }, "$.label", 400, "must be a string");
        await AssertRefused(train, new { label = "Deal\u0000status" }, "$.label", 400, "control characters");
        await AssertRefused(train, new { label = new string('x', 1001) }, "$.label", 400, "at most 1000");
        await AssertRefused(train, new { label = "Outcome" }, "$.label", 400, "\"Outcome\" is not in the header; the columns are \"Email\"");
        await AssertRefused(train, new { label = "Deal status", positive = "won" }, "$.positive", 400, "must be an array");
        await AssertRefused(train, new { label = "Deal status", positive = new[] { new string('w', 1001) } }, "$.positive[0]", 400, "at most 1000");
        await AssertRefused(train, new { label = "Deal status", positive = Enumerable.Range(0, 101).Select(i => "v" + i) }, "$.positive", 400, "more than 100");
        await AssertRefused(train, new { label = "Deal status", positive = new[] { "Wonn" } }, "$.positive", 400, "\"Wonn\" is not a value of column \"Deal status\"");
        await AssertRefused(train, new { label = "Deal status", positive = new[] { "Won" }, negative = new[] { "won" } }, "$.negative", 400, "is also among");
        await AssertRefused(train, new { label = "Deal status", positive = new[] { "Won" }, exclude = new[] { "Deal status" } }, "$.exclude", 400, "is the outcome column");
        await AssertRefused(train, new { label = "Deal status", positive = new[] { "Won" }, exclude = new[] { "nope" } }, "$.exclude", 400, "\"nope\" is not in the file");
        await AssertRefused(train, new { label = "Deal status", positive = new[] { "Won" }, extra = 1 }, "$.extra", 400, "is not a field");
        // Every value chosen as converted is one class; a single converted row is too few to learn from.
        await AssertRefused(train, new { label = "Deal status", positive = new[] { "Won", "Lost", "Open" } }, "$.label", 400, "only one class");
        await AssertRefused(train, new { label = "Email", positive = new[] { "person1@deals.example" } }, "$.label", 400, "1 positive and 199 negative rows; at least 10 of each are needed");

        var (_, small) = await UploadAsync(Deals(30));
        await AssertRefused($"{Uploads}/{small.GetProperty("id").GetGuid()}/train", new { label = "Deal status", positive = new[] { "Won" } }, "file", 400, "at least 50 are needed");

        using (var notJson = await app.Api().PostAsync(train, new StringContent("{\"label\": ", Encoding.UTF8, "application/json")))
            Assert.Equal("$", (await ProblemBody.ReadAsync(notJson)).Key);
        using (var xml = await app.Api().PostAsync(train, new StringContent("<label/>", Encoding.UTF8, "application/xml")))
            Assert.Equal("Content-Type", (await ProblemBody.ReadAsync(xml)).Key);
        using (var huge = await app.Api().PostAsync(train, new StringContent($"{{\"label\": \"{new string('x', 300_000)}\"}}", Encoding.UTF8, "application/json")))
            Assert.Equal("$", (await ProblemBody.ReadAsync(huge)).Key);
        using (var badId = await app.Api().PostAsJsonAsync($"{Uploads}/nope'\"/train", new { label = "x" }))
            Assert.Equal("id", (await ProblemBody.ReadAsync(badId)).Key);
        using (var unknown = await app.Api().PostAsJsonAsync($"{Uploads}/{Guid.NewGuid()}/train", new { label = "x" }))
        {
            var problem = await ProblemBody.ReadAsync(unknown);
            Assert.Equal(404, problem.Status);
            Assert.Contains("upload the file again", problem.Reason("id"));
        }
    }

    [Fact]
    public async Task Outcomes_SayHowManyVerdictsThereAre_AndWhatIsMissing()
    {
        var outcomes = await app.Api().GetFromJsonAsync<JsonElement>("/api/scoring/predictive/outcomes");
        Assert.Equal((0, 0, 10, 50), (outcomes.GetProperty("won").GetInt32(), outcomes.GetProperty("lost").GetInt32(),
            outcomes.GetProperty("minPerClass").GetInt32(), outcomes.GetProperty("minRows").GetInt32()));
        Assert.StartsWith("sales outcomes hold 0 won and 0 lost leads", outcomes.GetProperty("shortfall").GetString());
    }

    [Fact]
    public async Task Uploads_ExpireAfterAnHour_AndOnlyTheNewestAreKept()
    {
        var clock = new ShiftedClock();
        await using var database = NpgsqlDataSource.Create(app.PostgresConnection);
        var store = new PredictiveUploadStore(database, clock);
        var tag = Guid.NewGuid().ToString("N");
        try
        {
            var first = await store.AddAsync($"{tag}.csv", Deals(5), "test", default);
            Assert.NotNull(await store.GetAsync(first.Id, default));
            clock.Advance(PredictiveUploadStore.Lifetime - TimeSpan.FromMinutes(1));
            Assert.NotNull(await store.GetAsync(first.Id, default));
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Null(await store.GetAsync(first.Id, default));

            // The next upload forgets the expired one, and every one beyond the newest 20.
            var kept = new List<PredictiveUploadStore.StoredUpload>();
            for (var i = 0; i < PredictiveUploadStore.MaxKept + 3; i++)
            {
                kept.Add(await store.AddAsync($"{tag}-{i}.csv", Deals(5), "test", default));
                clock.Advance(TimeSpan.FromSeconds(1));
            }
            await using var count = database.CreateCommand("SELECT count(*) FROM nurture_predictive_uploads WHERE file_name LIKE $1 || '%'");
            count.Parameters.AddWithValue(tag);
            Assert.Equal((long)PredictiveUploadStore.MaxKept, (long)(await count.ExecuteScalarAsync())!);
            Assert.Null(await store.GetAsync(kept[0].Id, default));
            Assert.NotNull(await store.GetAsync(kept[^1].Id, default));
        }
        finally
        {
            // Uploads dated an hour ahead would count as the newest for the other tests' uploads.
            await using var forget = database.CreateCommand("DELETE FROM nurture_predictive_uploads WHERE file_name LIKE $1 || '%'");
            forget.Parameters.AddWithValue(tag);
            await forget.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Deals as a CRM exports them: an email each (id-like), the status (won, lost or still open), how often they
    /// read the pricing pages (the signal), a job title (a little), a yes/no, a date, and free-text notes.
    /// </summary>
    private static byte[] Deals(int rows)
    {
        var random = new Random(rows);
        string[] titles = ["CTO", "Engineer", "Student", "営業部長", "N/A"];
        var csv = new StringBuilder("Email,Deal status,Pricing visits,Job title,Newsletter,First visit,Notes\r\n");
        for (var i = 0; i < rows; i++)
        {
            var visits = random.Next(0, 12);
            var title = titles[random.Next(titles.Length)];
            var won = random.NextDouble() < 1 / (1 + Math.Exp(-(-3 + 0.6 * visits + (title == "CTO" ? 0.8 : 0))));
            var status = random.NextDouble() < 0.1 ? "Open" : won ? "Won" : "Lost";
            csv.Append(CultureInfo.InvariantCulture, $"person{i}@deals.example,{status},{visits},{title},{(random.Next(2) == 0 ? "yes" : "no")},")
               .Append(CultureInfo.InvariantCulture, $"2026-{1 + i % 12:00}-{1 + i % 28:00},")
               .Append(CultureInfo.InvariantCulture, $"\"Call {i}: asked about the plan for {random.Next(5, 500)} seats, and about invoices, \"\"later\"\"\"\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static JsonElement Column(JsonElement inspection, string name) =>
        inspection.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static MultipartFormDataContent Form(byte[] file, bool chunked = false)
    {
        HttpContent content = chunked ? new StreamContent(new MemoryStream(file)) : new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { content, "file", "deals.csv" } };
        if (chunked) form.Headers.ContentLength = null;
        return form;
    }

    private async Task<(int Status, JsonElement Body)> UploadAsync(byte[] file)
    {
        using var response = await app.Api().PostAsync(Uploads, Form(file));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task AssertUploadRefused(byte[] file, int status, string reason)
    {
        using var response = await app.Api().PostAsync(Uploads, Form(file));
        var problem = await ProblemBody.ReadAsync(response);
        Assert.True(problem.Status == status, problem.Body.ToString());
        Assert.Contains(problem.At("file"), r => r.Contains(reason, StringComparison.Ordinal));
    }

    private async Task<JsonElement> TrainAsync(Guid upload, object choice)
    {
        using var response = await app.Api().PostAsJsonAsync($"{Uploads}/{upload}/train", choice);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((int)response.StatusCode == 201, body.ToString());
        return body;
    }

    private async Task AssertRefused(string path, object choice, string? field, int status, string? reason = null)
    {
        using var response = await app.Api().PostAsJsonAsync(path, choice);
        if (status == 201)
        {
            Assert.Equal(201, (int)response.StatusCode);
            return;
        }
        var problem = await ProblemBody.ReadAsync(response);
        Assert.True(problem.Status == status, problem.Body.ToString());
        if (reason is not null) Assert.Contains(problem.At(field!), r => r.Contains(reason, StringComparison.Ordinal));
        else Assert.NotEmpty(problem.At(field!));
    }
}
