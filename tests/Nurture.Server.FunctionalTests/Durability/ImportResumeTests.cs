using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// An import runs in the background; the server is killed with SIGKILL half-way; after the restart the
/// run resumes from its last recorded chunk and ends with every row's person present exactly once.
/// </summary>
public sealed class ImportResumeTests
{
    [Fact]
    public async Task KillDuringAnImport_ItResumes_AndEveryoneIsThereOnce()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var server = cluster.AddServer(Path.Combine(Path.GetTempPath(), "nurture-import-" + Guid.NewGuid().ToString("N")));
        await server.StartAsync();
        const int rows = 3000;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("email,company\n");
        for (var i = 0; i < rows; i++) csv.Append(CultureInfoInvariant($"resume{i}-{tag}@example.com,Company {i % 100}\n"));

        Guid id;
        using (var api = server.Client(withApiKey: true))
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "resume.csv");
            form.Add(new StringContent("{\"email\":\"email\",\"company\":\"company\"}"), "mapping");
            form.Add(new StringContent("resume test"), "source");
            form.Add(new StringContent("upsert"), "mode");
            using var upload = await api.PostAsync("/api/imports", form);
            Assert.Equal(201, (int)upload.StatusCode);
            id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("import").GetProperty("id").GetGuid();
            Assert.Equal(202, (int)(await api.PostAsync($"/api/imports/{id}/start", null)).StatusCode);
            // Kill once some chunks are recorded and well before the end.
            await ClickHouseProbe.EventuallyAsync(() => ProcessedAsync(api, id), n => n >= 400, TimeSpan.FromSeconds(60));
        }
        var before = await ProcessedAsync(server.Client(withApiKey: true), id);
        Assert.True(before < rows, $"the import finished ({before} rows) before the kill: make it bigger");
        server.Kill();
        await server.StartAsync();

        using var after = server.Client(withApiKey: true);
        var import = await ClickHouseProbe.EventuallyAsync(() => after.GetFromJsonAsync<JsonElement>($"/api/imports/{id}"),
            i => i.GetProperty("status").GetString() == "done", TimeSpan.FromSeconds(120));
        Assert.Equal("done", import.GetProperty("status").GetString());
        Assert.Equal(rows, import.GetProperty("processedRows").GetInt32());
        // Every person once: each email has one lead, and the lead list holds exactly the imported people.
        foreach (var i in new[] { 0, before - 1, before, rows - 1 })
        {
            using var response = await after.GetAsync($"/api/leads?email={Uri.EscapeDataString($"resume{i}-{tag}@example.com")}");
            Assert.Equal(200, (int)response.StatusCode);
        }
        var list = await ClickHouseProbe.EventuallyAsync(() => after.GetFromJsonAsync<JsonElement>($"/api/leads?q={tag}&limit=1"),
            l => l.GetProperty("total").GetInt64() == rows, TimeSpan.FromSeconds(30));
        Assert.Equal(rows, list.GetProperty("total").GetInt64());
        var results = await after.GetFromJsonAsync<JsonElement>($"/api/imports/{id}/rows?limit=5000");
        Assert.Equal(rows, results.GetArrayLength());
        Assert.DoesNotContain(results.EnumerateArray(), r => r.GetProperty("outcome").GetString() == "error");
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static async Task<int> ProcessedAsync(HttpClient api, Guid id) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/imports/{id}")).GetProperty("processedRows").GetInt32();
}
