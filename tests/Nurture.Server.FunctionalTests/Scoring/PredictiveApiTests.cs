using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Scoring;

public sealed class PredictiveApiTests(NurtureApp app, ITestOutputHelper output) : IClassFixture<NurtureApp>
{
    private const string Train = "/api/scoring/predictive/train";

    [Fact]
    public async Task HostileCsv_Trains_ActivationIsExplicit_LeadGetsALikelihood_CorruptModelTurnsPredictionsOffButNotRuleScoring()
    {
        var api = app.Api();
        var leadId = await HotLeadAsync();

        // Nothing trained or active yet: a clear 404, not a failure.
        using (var none = await api.GetAsync($"/api/leads/{leadId}/prediction"))
        {
            Assert.Equal(404, (int)none.StatusCode);
            var problem = await ProblemBody.ReadAsync(none);
            Assert.StartsWith("No predictive model is active", problem.Detail);
            Assert.Contains("/api/scoring/predictive/train", problem.Detail);
        }

        using var trained = await api.PostAsync(Train, Upload(HostileCsv(2500), "Converted?"));
        var trainedBody = await trained.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(201 == (int)trained.StatusCode, trainedBody.ToString());
        output.WriteLine($"train: {trainedBody}");
        var version = trainedBody.GetProperty("version").GetInt32();
        var report = trainedBody.GetProperty("report");
        Assert.False(trainedBody.GetProperty("active").GetBoolean());
        Assert.True(report.GetProperty("auc").GetDouble() > 0.75, report.ToString());
        Assert.Equal(3, report.GetProperty("rows").GetProperty("skipped").GetInt32()); // 2 ragged rows, 1 "maybe" label
        Assert.Equal(2500 - 3, report.GetProperty("rows").GetProperty("train").GetInt32() + report.GetProperty("rows").GetProperty("test").GetInt32());
        Assert.Equal(10, report.GetProperty("calibration").GetArrayLength());
        var important = report.GetProperty("featureImportance").EnumerateArray().Take(2).Select(f => f.GetProperty("feature").GetString()).Order().ToList();
        Assert.Equal(["Job Title", "Pricing interest"], important);
        Assert.Contains(report.GetProperty("features").EnumerateArray(), f =>
            f.GetProperty("name").GetString() == "Job Title" && f.GetProperty("kind").GetString() == "categorical" && f.GetProperty("liveSource").GetString() == "trait_jobtitle");

        // Trained is not active.
        Assert.Equal(404, (int)(await api.GetAsync($"/api/leads/{leadId}/prediction")).StatusCode);
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/scoring/predictive/models");
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("activeVersion").ValueKind);
        var stored = Assert.Single(listed.GetProperty("models").EnumerateArray());
        Assert.Equal(version, stored.GetProperty("version").GetInt32());
        Assert.Equal("Converted?", stored.GetProperty("labelColumn").GetString());
        Assert.Equal(report.GetProperty("auc").GetDouble(), stored.GetProperty("report").GetProperty("auc").GetDouble());

        Assert.Equal(404, (int)(await api.PostAsync("/api/scoring/predictive/models/9999/activate", null)).StatusCode);
        Assert.Equal(400, (int)(await api.PostAsync("/api/scoring/predictive/models/abc/activate", null)).StatusCode);
        using (var activated = await api.PostAsync($"/api/scoring/predictive/models/{version}/activate", null))
            Assert.Equal(200, (int)activated.StatusCode);
        listed = await api.GetFromJsonAsync<JsonElement>("/api/scoring/predictive/models");
        Assert.Equal(version, listed.GetProperty("activeVersion").GetInt32());

        var prediction = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/prediction");
        output.WriteLine($"prediction: {prediction}");
        Assert.Equal(leadId, prediction.GetProperty("leadId").GetGuid());
        Assert.Equal(version, prediction.GetProperty("modelVersion").GetInt32());
        Assert.InRange(prediction.GetProperty("likelihood").GetDouble(), 0.5, 1); // a CTO reading pricing pages
        Assert.Contains(prediction.GetProperty("topFeatures").EnumerateArray(), f =>
            f.GetProperty("feature").GetString() == "Job Title" && f.GetProperty("value").GetString() == "CTO" && f.GetProperty("contribution").GetDouble() > 0);
        Assert.Equal(404, (int)(await api.GetAsync($"/api/leads/{Guid.NewGuid()}/prediction")).StatusCode);
        Assert.Equal(400, (int)(await api.GetAsync("/api/leads/nope/prediction")).StatusCode);

        // A corrupt model stored and made active behind the API's back: explicit activation refuses it, every
        // node that loads it logs it and turns predictions off, and rule scoring carries on.
        var corrupt = await StoreCorruptActiveModelAsync();
        using (var refused = await api.PostAsync($"/api/scoring/predictive/models/{corrupt}/activate", null))
            Assert.Equal(422, (int)refused.StatusCode);
        var off = await ClickHouseProbe.EventuallyAsync(async () =>
        {
            using var response = await api.GetAsync($"/api/leads/{leadId}/prediction");
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }, r => r.Item1 == 404);
        Assert.Equal(404, off.Item1);
        Assert.Contains($"version {corrupt}) could not be loaded", off.Item2);
        Assert.Equal(200, (int)(await api.GetAsync($"/api/leads/{leadId}/score")).StatusCode);
    }

    [Fact]
    public async Task BadUploads_AreRefusedNamingTheProblem()
    {
        var api = app.Api();
        var good = HostileCsv(200);

        await AssertRefused(api.PostAsync(Train, Upload(null, "Converted?")), "file", "is required");
        await AssertRefused(api.PostAsync(Train, Upload(good, null)), "label", "is required");
        await AssertRefused(api.PostAsync(Train, Upload(good, "won")), "label", "\"won\" is not in the header");
        await AssertRefused(api.PostAsync(Train, Upload(Encoding.UTF8.GetBytes("Converted?,a\n" + string.Concat(Enumerable.Repeat("yes,1\n", 100))), "Converted?")),
            "label", "only one class");
        await AssertRefused(api.PostAsync(Train, Upload([], "Converted?")), "file", "is empty");
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        await AssertRefused(api.PostAsync(Train, Upload([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. junk], "Converted?")), "file", "binary");
        await AssertRefused(api.PostAsync(Train, Upload(Encoding.UTF8.GetBytes("Converted?,a\n1,\"never closed\n0,x\n"), "Converted?")), "file", "never closed");
        // JSON means "train from sales outcomes": without a source it says how to upload a CSV instead.
        await AssertRefused(api.PostAsync(Train, JsonContent.Create(new { label = "Converted?" })), "$.source", "multipart/form-data");
        await AssertRefused(api.PostAsync(Train, new StringContent("Converted?,a", Encoding.UTF8, "text/csv")), "file", "multipart/form-data");

        using var tooLarge = await api.PostAsync(Train, Upload(new byte[11 * 1024 * 1024], "Converted?"));
        Assert.Equal(413, (int)tooLarge.StatusCode);
        Assert.Contains("at most 10 MB", (await ProblemBody.ReadAsync(tooLarge)).Reason("file"));
        Assert.Equal(401, (int)(await app.CreateClient().PostAsync(Train, Upload(good, "Converted?"))).StatusCode);
    }

    private static async Task AssertRefused(Task<HttpResponseMessage> send, string field, string reason)
    {
        using var response = await send;
        var problem = await ProblemBody.ReadAsync(response);
        Assert.True(problem.Status == 400, problem.Body.ToString());
        Assert.Contains(problem.At(field), r => r.Contains(reason, StringComparison.Ordinal));
    }

    private static MultipartFormDataContent Upload(byte[]? file, string? label)
    {
        var form = new MultipartFormDataContent();
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(content, "file", "leads.csv");
        }
        if (label is not null) form.Add(new StringContent(label), "label");
        return form;
    }

    /// <summary>A lead that reads pricing pages and identifies as a CTO: the model should like it.</summary>
    private async Task<Guid> HotLeadAsync()
    {
        var visitor = "predict-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme-corp.example";
        await app.SendAsBrowserAsync(
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing/enterprise"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { jobTitle = "CTO", country = "日本" } }));
        var lead = await app.LeadByEmailAsync(email, l => ClickHouseProbe.Has(l, 4, "counters", "events"));
        return lead.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// A few thousand rows a CRM might export: conversion depends on pricing interest and job title; the rest
    /// is noise and hostility (quotes, commas and newlines in cells, formulas, emoji, Japanese, placeholders,
    /// blanks, a 10 KB cell, ragged rows, an unreadable label).
    /// </summary>
    private static byte[] HostileCsv(int rows)
    {
        var random = new Random(11);
        string[] titles = ["CTO", "CEO", "Engineer", "Student", "営業部長", "Marketing \"Guru\"", "Select", ""];
        var csv = new StringBuilder("\uFEFFConverted?,Pricing interest,Job Title,Notes,Website,country,Company size,Lead source\r\n");
        for (var i = 0; i < rows; i++)
        {
            var pricing = random.NextDouble() < 0.3 ? 0 : Math.Round(random.NextDouble() * 60, 1);
            var title = titles[random.Next(titles.Length)];
            var logit = -2.5 + 0.07 * pricing + (title is "CTO" or "CEO" ? 2.5 : 0);
            var converted = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            var label = i == 7 ? "maybe" : converted ? (i % 3 == 0 ? "won" : "1") : (i % 3 == 0 ? "lost" : "0");
            var notes = (i % 5) switch
            {
                0 => "\"said \"\"call me\"\", later, maybe\"",
                1 => "\"line one\nline two, 🚀\"",
                2 => i == 12 ? "\"" + new string('x', 10_240) + "\"" : "",
                3 => "N/A",
                _ => "お問い合わせありがとうございます",
            };
            var website = i % 4 == 0 ? "\"=HYPERLINK(\"\"http://x\"\")\"" : "-";
            var country = random.Next(3) switch { 0 => "日本", 1 => "Deutschland", _ => "(none)" };
            var size = random.NextDouble() < 0.2 ? "" : random.Next(1, 5000).ToString(CultureInfo.InvariantCulture);
            var fields = new[] { label, pricing.ToString(CultureInfo.InvariantCulture), Quote(title), notes, website, country, size, random.Next(2) == 0 ? "webinar" : "ads" };
            csv.Append(string.Join(',', i is 20 or 21 ? fields[..5] : fields)).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Quote(string text) => text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private async Task<int> StoreCorruptActiveModelAsync()
    {
        await using var connection = new NpgsqlConnection(app.PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            UPDATE nurture_predictive_models SET active = false WHERE active;
            INSERT INTO nurture_predictive_models (label_column, report, model, active) VALUES ('x', '{}', '\x504b0304deadbeef', true) RETURNING version;
            """, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
