using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Spreadsheets;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>Spreadsheet imports end to end: dry run, real run, idempotent re-upload, undo, hostile files, export.</summary>
[Collection(SharedHost.Name)]
public sealed class ImportTests(NurtureApp app)
{
    static ImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly object JapaneseMapping = new Dictionary<string, string>
    {
        ["メール"] = "email", ["氏名"] = "name", ["フリガナ"] = "name_kana", ["会社名"] = "company", ["電話番号"] = "phone", ["展示会日"] = "met_on",
    };

    [Fact]
    public async Task ShiftJisCsv_DryRunWritesNothing_RunCleansAndRecords_ReuploadIsTheSameImport_UndoTakesItBack()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        // A lead that exists already, with a company the import will change.
        var (_, existing) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"known-{tag}@example.com", company = "Old Co" } });
        var existingId = existing.GetProperty("leadId").GetGuid();
        await WaitForListAsync($"known-{tag}@example.com");
        var csv = string.Join("\r\n",
            "メール,氏名,フリガナ,会社名,電話番号,展示会日",
            $"ＹＡＭＡＤＡ-{tag}@Example.COM,山田　太郎,ﾔﾏﾀﾞ ﾀﾛｳ,株式会社ナーチャー,03-1234-5678,2026/10/05",
            $"known-{tag}@example.com,,,New Co,,",
            $"broken-{tag}@,佐藤,,,abc,",
            $",名無し,,,,",
            $"yamada-{tag}@example.com,,,,090-1111-2222,令和8年10月6日") + "\r\n";
        var file = Encoding.GetEncoding(932).GetBytes(csv);

        var (status, upload) = await UploadAsync(file, "ledger.csv", JapaneseMapping, "trade show 2026-10", "upsert");
        Assert.Equal(201, status);
        var preview = upload.GetProperty("preview");
        Assert.Equal(5, preview.GetProperty("totalRows").GetInt32());
        var counts = preview.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("created").GetInt32());
        Assert.Equal(2, counts.GetProperty("error").GetInt32());
        Assert.Equal(1, counts.GetProperty("merged").GetInt32());
        var rows = preview.GetProperty("rows").EnumerateArray().ToList();
        var badEmail = rows.Single(r => r.GetProperty("row").GetInt32() == 4);
        Assert.Contains(badEmail.GetProperty("errors").EnumerateArray(), e => e.GetProperty("column").GetString() == "メール");
        Assert.Contains(badEmail.GetProperty("errors").EnumerateArray(), e => e.GetProperty("column").GetString() == "電話番号");
        Assert.Equal("error", rows.Single(r => r.GetProperty("row").GetInt32() == 5).GetProperty("outcome").GetString());
        // The dry run wrote no lead.
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads?email=yamada-{tag}%40example.com")).Status);

        var id = upload.GetProperty("import").GetProperty("id").GetGuid();
        Assert.Equal(202, (await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{id}/start")).Status);
        var done = await WaitForStatusAsync(id, "done");
        Assert.Equal(5, done.GetProperty("processedRows").GetInt32());

        var lead = await app.LeadByEmailAsync($"yamada-{tag}@example.com");
        var traits = lead.GetProperty("traits");
        Assert.Equal("山田 太郎", traits.GetProperty("name").GetProperty("value").GetString());
        Assert.Equal("ヤマダ タロウ", traits.GetProperty("name_kana").GetProperty("value").GetString());
        Assert.Equal("株式会社ナーチャー", traits.GetProperty("company").GetProperty("value").GetString());
        Assert.Equal("+819011112222", traits.GetProperty("phone").GetProperty("value").GetString());
        Assert.Equal("2026-10-06", traits.GetProperty("met_on").GetProperty("value").GetString());
        Assert.Equal("offline", lead.GetProperty("firstTouch").GetProperty("source").GetProperty("channel").GetString());
        Assert.Equal("trade show 2026-10", lead.GetProperty("firstTouch").GetProperty("source").GetProperty("utmSource").GetString());
        var known = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{existingId}");
        Assert.Equal("New Co", known.GetProperty("traits").GetProperty("company").GetProperty("value").GetString());
        var history = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{existingId}/history");
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("actor").GetString() == $"import:{id}" && c.GetProperty("oldValue").GetString() == "Old Co");

        var errorRows = await app.Api().GetFromJsonAsync<JsonElement>($"/api/imports/{id}/rows?outcome=error");
        Assert.Equal([4, 5], errorRows.EnumerateArray().Select(r => r.GetProperty("row").GetInt32()));

        // The same file with the same settings is the same import, not a second run.
        (status, var again) = await UploadAsync(file, "ledger-copy.csv", JapaneseMapping, "trade show 2026-10", "upsert");
        Assert.Equal(200, status);
        Assert.True(again.GetProperty("existing").GetBoolean());
        Assert.Equal(id, again.GetProperty("import").GetProperty("id").GetGuid());

        Assert.Equal(202, (await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{id}/undo")).Status);
        await WaitForStatusAsync(id, "undone");
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads?email=yamada-{tag}%40example.com")).Status);
        known = await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{existingId}");
        Assert.Equal("Old Co", known.GetProperty("traits").GetProperty("company").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Xlsx_CreateOnlyMode_SkipsKnownPeople()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"there-{tag}@example.com" } });
        await WaitForListAsync($"there-{tag}@example.com");
        using var xlsx = new MemoryStream();
        SpreadsheetWriter.WriteXlsx(xlsx, ["Email", "Company"], [[$"there-{tag}@example.com", "X"], [$"new-{tag}@example.com", "Acme Inc."]]);
        var (status, upload) = await UploadAsync(xlsx.ToArray(), "cards.xlsx", new Dictionary<string, string> { ["Email"] = "email", ["Company"] = "company" }, "business cards", "create");
        Assert.Equal(201, status);
        Assert.Equal(1, upload.GetProperty("preview").GetProperty("counts").GetProperty("created").GetInt32());
        var id = upload.GetProperty("import").GetProperty("id").GetGuid();
        await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{id}/start");
        await WaitForStatusAsync(id, "done");
        var rows = await app.Api().GetFromJsonAsync<JsonElement>($"/api/imports/{id}/rows");
        Assert.Equal(["skipped", "created"], rows.EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));
        var lead = await app.LeadByEmailAsync($"new-{tag}@example.com");
        Assert.Equal("Acme Inc.", lead.GetProperty("traits").GetProperty("company").GetProperty("value").GetString());
    }

    [Fact]
    public async Task HundredThousandRows_DryRunCountsThemAll()
    {
        var csv = new StringBuilder("email,company\n");
        for (var i = 0; i < 100_000; i++) csv.Append("bulk").Append(i).Append("@example.com,Company ").Append(i % 500).Append('\n');
        var (status, upload) = await UploadAsync(Encoding.UTF8.GetBytes(csv.ToString()), "big.csv",
            new Dictionary<string, string> { ["email"] = "email", ["company"] = "company" }, "purchased list", "upsert");
        Assert.Equal(201, status);
        Assert.Equal(100_000, upload.GetProperty("preview").GetProperty("totalRows").GetInt32());
        Assert.Equal(100_000, upload.GetProperty("preview").GetProperty("counts").GetProperty("created").GetInt32());
        Assert.True(upload.GetProperty("preview").GetProperty("rowsTruncated").GetBoolean());
    }

    public static TheoryData<string, byte[], string, string> HostileFiles => new()
    {
        { "empty file", [], "{\"email\":\"email\"}", "file" },
        { "header only, mapping names a missing column", "name\n"u8.ToArray(), "{\"email\":\"email\"}", "file" },
        { "unterminated quote", "email,name\n\"a@example.com,Ann\nb@example.com,Bob\n"u8.ToArray(), "{\"email\":\"email\"}", "file" },
        { "binary garbage", [0x00, 0xFF, 0xFE, 0x01, 0x02, 0x03, 0x04], "{\"email\":\"email\"}", "file" },
        { "fake xlsx", "PK\u0003\u0004 not really a zip"u8.ToArray(), "{\"email\":\"email\"}", "file" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task HostileFile_PreviewSaysWhat_AndCannotStart(string label, byte[] file, string mapping, string _)
    {
        var (status, upload) = await UploadRawAsync(file, $"{label}.csv", mapping, "hostile", "upsert");
        Assert.True(status is 200 or 201, $"{label}: {status} {upload}");
        var preview = upload.GetProperty("preview");
        Assert.True(preview.GetProperty("fileErrors").GetArrayLength() > 0 || preview.GetProperty("totalRows").GetInt32() == 0, label);
        Assert.False(preview.GetProperty("canRun").GetBoolean(), label);
        var id = upload.GetProperty("import").GetProperty("id").GetGuid();
        Assert.Equal(409, (await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{id}/start")).Status);
    }

    [Fact]
    public async Task HugeCell_AndFormulas_AreRowErrorsOrPlainText()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        // A column header that is a formula reaches the row report's error text: the downloads must neutralise it too.
        var csv = $"email,=note,company\nhuge-{tag}@example.com,{new string('x', 40_000)},A\nformula-{tag}@example.com,ok,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"\n";
        var (status, upload) = await UploadAsync(Encoding.UTF8.GetBytes(csv), "cells.csv",
            new Dictionary<string, string> { ["email"] = "email", ["=note"] = "note", ["company"] = "company" }, "hostile cells", "upsert");
        Assert.Equal(201, status);
        var rows = upload.GetProperty("preview").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("error", rows[0].GetProperty("outcome").GetString());
        Assert.Equal("=note", rows[0].GetProperty("errors")[0].GetProperty("column").GetString());
        Assert.Equal("created", rows[1].GetProperty("outcome").GetString());

        var id = upload.GetProperty("import").GetProperty("id").GetGuid();
        await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{id}/start");
        await WaitForStatusAsync(id, "done");
        // Stored as text; the export neutralises it so Excel shows it instead of running it.
        await app.LeadByEmailAsync($"formula-{tag}@example.com");
        var exported = await ClickHouseProbe.EventuallyAsync(async () =>
            await (await app.Api().GetAsync($"/api/leads/export?format=csv&q=formula-{tag}")).Content.ReadAsStringAsync(),
            text => text.Contains("HYPERLINK"));
        Assert.StartsWith("\uFEFFid,email,name", exported);
        Assert.Contains("'=HYPERLINK", exported);
        Assert.DoesNotContain(",=HYPERLINK", exported);
        Assert.DoesNotContain("\"=HYPERLINK", exported);

        using var xlsxResponse = await app.Api().GetAsync($"/api/leads/export?format=xlsx&q=formula-{tag}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxResponse.Content.Headers.ContentType!.MediaType);
        using var table = SpreadsheetReader.Read(new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync()));
        var row = Assert.Single(table.Rows.ToList());
        Assert.StartsWith("'=HYPERLINK", row.Cells[Array.IndexOf(table.Headers.ToArray(), "company")]);

        // The run's row report, as a file.
        var report = await (await app.Api().GetAsync($"/api/imports/{id}/rows?format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFFrow,outcome,lead_id,detail", report);
        Assert.Contains("'=note: ", report);
        Assert.DoesNotContain(",=note", report);
        Assert.DoesNotContain("\"=note", report);
        using var reportXlsx = await app.Api().GetAsync($"/api/imports/{id}/rows?format=xlsx&outcome=error");
        using var reportTable = SpreadsheetReader.Read(new MemoryStream(await reportXlsx.Content.ReadAsByteArrayAsync()));
        Assert.StartsWith("'=note: ", Assert.Single(reportTable.Rows.ToList()).Cells[3]);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Get, $"/api/imports/{id}/rows?format=pdf")).Status);
    }

    [Theory]
    [InlineData("", "upsert", "source")]
    [InlineData("x", "sometimes", "mode")]
    [InlineData("x", "1", "mode")]
    public async Task BadSettings_Are400_NamingTheField(string source, string mode, string field)
    {
        var (status, body) = await UploadAsync("email\na@example.com\n"u8.ToArray(), "a.csv", new Dictionary<string, string> { ["email"] = "email" }, source, mode);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
    }

    [Theory]
    [InlineData("", "mapping")]
    [InlineData("{not json", "mapping")]
    [InlineData("[\"email\"]", "mapping")]
    [InlineData("{\"a\":\"company\"}", "mapping")]
    [InlineData("{\"a\":\"email\",\"b\":\"Bad Trait\"}", "mapping", "column \"b\"")]
    [InlineData("{\"a\":\"email\",\"b\":\"email\"}", "mapping", "column \"b\"")]
    public async Task BadMapping_Is400_NamingTheField(string mapping, string field, string reason = "")
    {
        var (status, body) = await UploadRawAsync("a,b\nx@example.com,y\n"u8.ToArray(), "a.csv", mapping, "x", "upsert");
        Assert.Equal(400, status);
        // A form field is named by its name; a column inside the mapping is named in the reason.
        Assert.Contains(ProblemBody.Of(status, body).At(field), r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotMultipart_AndMissingFile_And_UnknownImport_AreClear()
    {
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Post, "/api/imports", new { file = "x" })).Status);
        using var form = new MultipartFormDataContent { { new StringContent("x"), "source" } };
        using var response = await app.Api().PostAsync("/api/imports", form);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/imports/{Guid.NewGuid()}")).Status);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Post, "/api/imports/nope/start")).Status);
        Assert.Equal(400, (await app.SendJsonAsync(HttpMethod.Get, $"/api/imports/{Guid.NewGuid()}/rows?outcome=maybe")).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{Guid.NewGuid()}/undo")).Status);
    }

    private Task<(int Status, JsonElement Body)> UploadAsync(byte[] file, string name, object mapping, string source, string mode) =>
        UploadRawAsync(file, name, JsonSerializer.Serialize(mapping), source, mode);

    private async Task<(int Status, JsonElement Body)> UploadRawAsync(byte[] file, string name, string mapping, string source, string mode)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        form.Add(new StringContent(mapping), "mapping");
        form.Add(new StringContent(source), "source");
        form.Add(new StringContent(mode), "mode");
        using var response = await app.Api().PostAsync("/api/imports", form);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>The dry run looks leads up in the lead list, which trails a new lead by a second or two.</summary>
    private async Task WaitForListAsync(string email)
    {
        var list = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads?q={Uri.EscapeDataString(email)}"),
            l => l.GetProperty("total").GetInt64() == 1 && l.GetProperty("leads").GetArrayLength() == 1);
        Assert.Equal(1, list.GetProperty("total").GetInt64());
    }

    private async Task<JsonElement> WaitForStatusAsync(Guid id, string status)
    {
        var import = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/imports/{id}"),
            i => i.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(60));
        Assert.Equal(status, import.GetProperty("status").GetString());
        return import;
    }
}
