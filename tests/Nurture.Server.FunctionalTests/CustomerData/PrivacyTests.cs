using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>Export of everything held about a person, and erasure that leaves nothing behind.</summary>
public sealed class PrivacyTests(PrivacyApp app) : IClassFixture<PrivacyApp>
{
    [Fact]
    public async Task Export_HasTheLead_ItsChanges_AndEveryEvent()
    {
        var visitor = "export-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/pricing"),
                                     app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { name = "Ann" } }));
        var lead = await app.LeadByEmailAsync(email);
        var id = lead.GetProperty("id").GetGuid();

        var export = await ClickHouseProbe.EventuallyAsync(
            () => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}/export"),
            e => e.GetProperty("events").GetArrayLength() == 2);
        Assert.Equal(id, export.GetProperty("lead").GetProperty("id").GetGuid());
        Assert.Contains(export.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "name");
        Assert.Equal(JsonValueKind.Array, export.GetProperty("email_sends").ValueKind);
    }

    [Fact]
    public async Task Erasure_LeavesNothingOfThePerson_InPostgresOrClickHouse_AcrossMergedIds()
    {
        var laptop = "erase-a-" + Guid.NewGuid().ToString("N");
        var phone = "erase-b-" + Guid.NewGuid().ToString("N");
        var email = $"{laptop}@example.com";
        await app.SendAsBrowserAsync(app.Event(laptop, url: "https://shop.example.com/?utm_source=news"),
                                     app.Event(laptop, type: "identify", url: null, extra: new { email, traits = new { name = "Erin Example", phone = "+81312345678" } }));
        await app.LeadByEmailAsync(email);
        await app.SendAsBrowserAsync(app.Event(phone, url: "https://shop.example.com/pricing"),
                                     app.Event(phone, type: "identify", url: null, extra: new { email }));
        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("mergedIds").GetArrayLength() == 1);
        var id = lead.GetProperty("id").GetGuid();
        var ids = lead.GetProperty("mergedIds").EnumerateArray().Select(m => m.GetGuid()).Append(id).ToList();
        var idList = string.Join(",", ids.Select(i => $"toUUID('{i}')"));
        Assert.Equal(4, await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.CountAsync($"lead_id IN ({idList})"), n => n == 4));
        Assert.NotEmpty(await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.QueryAsync($"SELECT 1 FROM lead_profiles WHERE lead_id IN ({idList})"), r => r.Count > 0));

        var (status, receipt) = await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{ids[0]}");
        Assert.Equal(200, status);
        Assert.Equal(ids.Order(), receipt.GetProperty("erased").EnumerateArray().Select(e => e.GetGuid()).Order());

        // The API knows nobody by that id or email any more.
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{id}")).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{ids[0]}")).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads?email={Uri.EscapeDataString(email)}")).Status);

        // ClickHouse: no events, score changes, list rows or aliases of any of the ids (deletes are mutations: eventually).
        foreach (var table in new[] { "events", "score_changes", "lead_profiles" })
        {
            Assert.Empty(await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.QueryAsync($"SELECT 1 FROM {table} WHERE lead_id IN ({idList})"), r => r.Count == 0, TimeSpan.FromSeconds(30)));
        }
        Assert.Empty(await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.QueryAsync($"SELECT 1 FROM lead_aliases WHERE merged_id IN ({idList}) OR survivor_id IN ({idList})"), r => r.Count == 0, TimeSpan.FromSeconds(30)));
        Assert.Empty(await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.QueryAsync($"SELECT 1 FROM events WHERE positionCaseInsensitive(email, '{laptop}') > 0"), r => r.Count == 0, TimeSpan.FromSeconds(30)));

        // PostgreSQL: no grain state holds the email or the name, in keys or payloads; only the suppression hash remains.
        await using var database = NpgsqlDataSource.Create(app.PostgresConnection);
        await using (var command = database.CreateCommand("""
            SELECT count(*) FROM orleans_grain_state
            WHERE grain_id_ext ILIKE '%' || $1 || '%'
               OR position(convert_to($1, 'UTF8') IN coalesce(payload, ''::bytea)) > 0
               OR position(convert_to('Erin Example', 'UTF8') IN coalesce(payload, ''::bytea)) > 0
            """))
        {
            command.Parameters.AddWithValue(laptop);
            Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        }
        await using (var command = database.CreateCommand("SELECT reason FROM nurture_email_suppressions WHERE email_hash = sha256(convert_to($1, 'UTF8'))"))
        {
            command.Parameters.AddWithValue(email);
            Assert.Equal("erased", await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Erasure_LeavesNoTraceOfThePerson_InEitherDatabase_TheSpool_OrTheLog_WithinItsBound()
    {
        var tag = Guid.NewGuid().ToString("N");
        var laptop = "trace-a-" + tag;
        var phone = "trace-b-" + tag;
        var email = $"zelda.{tag[..10]}@acme-corp.example";
        const string name = "Zelda Quaxwright";
        const string telephone = "+81398765432";
        var api = app.Api();

        // A rep who gets hot leads by email, and a flow that mails the person and then waits a day (a reminder).
        var repEmail = $"rep-{tag[..10]}@sales.example";
        (await api.PostAsJsonAsync("/api/reps", new { id = "rep-" + tag[..8], name = "Pat Rep", email = repEmail, capacity = 10 })).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync("/api/templates/privacy-hello", new { subject = "Hello {{ lead.traits.name }}", html = "<p>Hi {{ lead.email }}</p>" })).EnsureSuccessStatusCode();
        (await api.PutAsync("/api/flows/privacy-hello", new StringContent("""
            {
              "name": "Privacy hello",
              "trigger": { "event": { "type": "page_view", "path": "/pricing*" } },
              "start": "mail",
              "steps": [
                { "id": "mail", "type": "send_email", "template": "privacy-hello", "next": "pause" },
                { "id": "pause", "type": "wait", "duration": "1d", "next": "done" },
                { "id": "done", "type": "end" }
              ]
            }
            """, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/flows/privacy-hello/activate", null)).EnsureSuccessStatusCode();

        // A dry run of a file that names them before they are a lead (its rows carry no lead id).
        var before = await UploadAsync($"email,name,phone,company\r\n{email},{name},03-9876-5432,\r\nsomeone-{tag[..8]}@example.com,Some One,,\r\n");
        Assert.Equal(201, before.Status);
        // A training file that names them, uploaded to choose its columns before a model is trained from it.
        using (var training = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"email,name,converted\r\n{email},{name},yes\r\nother-{tag[..8]}@example.com,Other,no\r\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            training.Add(file, "file", "won-deals.csv");
            using var uploaded = await api.PostAsync("/api/scoring/predictive/uploads", training);
            Assert.Equal(201, (int)uploaded.StatusCode);
        }

        // The web: a visit, identify, enough interest to be hot; then a second device, merged.
        await app.SendAsBrowserAsync(
            app.Event(laptop, url: "https://shop.example.com/?utm_source=news&utm_medium=email"),
            app.Event(laptop, type: "identify", url: null, extra: new { email, traits = new { name, phone = telephone, jobTitle = "CTO" } }),
            app.Event(laptop, url: "https://shop.example.com/pricing"),
            app.Event(laptop, url: "https://shop.example.com/pricing"),
            app.Event(laptop, url: "https://shop.example.com/pricing"),
            app.Event(laptop, url: "https://shop.example.com/demo"),
            app.Event(laptop, url: "https://shop.example.com/demo"),
            app.Event(laptop, type: "form_submit", url: "https://shop.example.com/contact"),
            app.Event(laptop, type: "form_submit", url: "https://shop.example.com/contact"));
        // Acknowledged means on disk: the spool holds them now (its segments go within MaxSegmentAge, 2 s here).
        var spooled = new List<string>();
        new PersonTraces([email, name], []).FindInSpool(app, spooled);
        Assert.Contains(spooled, t => t.StartsWith("spool file", StringComparison.Ordinal));
        await app.LeadByEmailAsync(email);
        await app.SendAsBrowserAsync(app.Event(phone, url: "https://shop.example.com/pricing/team"),
                                     app.Event(phone, type: "identify", url: null, extra: new { email }));
        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("mergedIds").GetArrayLength() == 1);
        var id = lead.GetProperty("id").GetGuid();
        var ids = lead.GetProperty("mergedIds").EnumerateArray().Select(m => m.GetGuid()).Append(id).ToList();

        // The hand-off: a webhook and the rep's mail; the flow's mail to the person and its reminder.
        await app.Workspace.WaitForAsync(r => r.Body.Contains(id.ToString()));
        await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(MailSink.To(repEmail)), m => m.Count > 0, TimeSpan.FromSeconds(20));
        await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(MailSink.To(email)), m => m.Count > 0, TimeSpan.FromSeconds(20));
        Assert.True(await ClickHouseProbe.EventuallyAsync(
            () => CountAsync("SELECT count(*) FROM orleans_reminders WHERE grain_id ILIKE '%' || $1 || '%'", id.ToString("N")), n => n > 0) > 0);

        // An import that names them, run: its dry run and its rows carry the lead id.
        await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads?q={Uri.EscapeDataString(email)}"),
            l => l.GetProperty("total").GetInt64() == 1);
        var import = await UploadAsync($"email,name,phone,company\r\n{email},{name},03-9876-5432,Quaxwright Works\r\n");
        var importId = import.Body.GetProperty("import").GetProperty("id").GetGuid();
        Assert.Contains(id.ToString(), import.Body.GetProperty("preview").GetRawText());
        Assert.Equal(202, (await app.SendJsonAsync(HttpMethod.Post, $"/api/imports/{importId}/start")).Status);
        await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/imports/{importId}"),
            i => i.GetProperty("status").GetString() == "done", TimeSpan.FromSeconds(60));

        // The scan sees the person everywhere before the erasure (so that its silence afterwards means something).
        // The phone also without its "+", which JSON may write as \u002B.
        var traces = new PersonTraces([email, name, telephone, telephone[1..], laptop, phone], ids);
        string[] places = ["postgres nurture_email_sends", "postgres nurture_imports.preview", "postgres nurture_imports.file_bytes", "postgres nurture_predictive_uploads.file_bytes",
                           "postgres nurture_import_rows", "postgres nurture_alerts", "postgres orleans_grain_state", "clickhouse events",
                           "clickhouse lead_profiles"];
        // Some of it trails by a writer batch (ClickHouse) or a write-behind (lead state): wait for all of it.
        var held = await ClickHouseProbe.EventuallyAsync(() => traces.FindAsync(app, app.Log),
            h => places.All(place => h.Any(t => t.StartsWith(place, StringComparison.Ordinal))), TimeSpan.FromSeconds(30));
        foreach (var place in places)
            Assert.Contains(held, t => t.StartsWith(place, StringComparison.Ordinal));

        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{id}")).Status);

        // Within the bound (here: RecheckAfter 3 s, MaxSegmentAge 2 s, and ClickHouse's mutations), nothing is left.
        var left = await ClickHouseProbe.EventuallyAsync(() => traces.FindAsync(app, app.Log), t => t.Count == 0, TimeSpan.FromSeconds(60));
        Assert.True(left.Count == 0, "Traces of the erased person:\n" + string.Join("\n", left));
        // The erasure record itself holds hashes of the ids only.
        Assert.Equal(1L, await CountAsync("""
            SELECT count(*) FROM nurture_erasures WHERE completed_at IS NOT NULL AND cardinality(lead_ids) = 0
               AND sha256(convert_to($1, 'UTF8')) = ANY(lead_hashes)
            """, id.ToString("D")));
    }

    [Fact]
    public async Task Recheck_AfterAFailedClickHouseDelete_RunsOnceMoreAfterRecheckAfter_ThenKeepsOnlyHashes()
    {
        // As an erasure whose ClickHouse delete failed leaves its record (recheck_again).
        var erasure = Guid.NewGuid();
        var lead = Guid.NewGuid();
        await using var database = NpgsqlDataSource.Create(app.PostgresConnection);
        await using (var insert = database.CreateCommand(
            "INSERT INTO nurture_erasures (id, lead_ids, actor, recheck_at, recheck_again) VALUES ($1, $2, 'test', now(), true)"))
        {
            insert.Parameters.AddWithValue(erasure);
            insert.Parameters.AddWithValue(new[] { lead });
            await insert.ExecuteNonQueryAsync();
        }
        async Task<(bool Again, bool Done, bool Hashed, DateTimeOffset Next, DateTimeOffset? At)> ReadAsync()
        {
            await using var read = database.CreateCommand("""
                SELECT recheck_again, completed_at IS NOT NULL, sha256(convert_to($2, 'UTF8')) = ANY(lead_hashes) AND cardinality(lead_ids) = 0,
                       recheck_at, completed_at
                FROM nurture_erasures WHERE id = $1
                """);
            read.Parameters.AddWithValue(erasure);
            read.Parameters.AddWithValue(lead.ToString("D"));
            await using var reader = await read.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
        }

        // The first round succeeds (ClickHouse is up) but is not the last: the spools may only now be writing what they held.
        var first = await ClickHouseProbe.EventuallyAsync(ReadAsync, r => !r.Again || r.Done);
        Assert.Equal((false, false, false), (first.Again, first.Done, first.Hashed));
        var done = await ClickHouseProbe.EventuallyAsync(ReadAsync, r => r.Done);
        Assert.Equal((false, true, true), (done.Again, done.Done, done.Hashed));
        // The last round was not due before RecheckAfter had passed again.
        Assert.True(done.At >= first.Next, $"completed at {done.At:O}, the last round was due at {first.Next:O}");
    }

    [Fact]
    public async Task LeadBackBeforeTheRecheck_IsErasedAgain_ButABrowserBackAfterItStartsAgainAsAStranger()
    {
        var visitor = "back-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { name = "Bea Back" } }));
        var id = (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{id}")).Status);
        // The first recheck waits until the lead is back, however slow the machine.
        await HoldRecheckAsync(id, hold: true);

        // As events a spool delivers late would: the same visitor's lead, with the same email, again.
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { name = "Bea Back" } }));
        await app.LeadByEmailAsync(email);
        await HoldRecheckAsync(id, hold: false);
        Assert.Equal(404, (await ClickHouseProbe.EventuallyAsync(
            () => app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{id}"), r => r.Status == 404, TimeSpan.FromSeconds(30))).Status);
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads?email={Uri.EscapeDataString(email)}")).Status);

        // After the first recheck the same browser is somebody new: the erasure's last round leaves it alone.
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/"));
        Assert.Equal(200, (await ClickHouseProbe.EventuallyAsync(() => app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{id}"), r => r.Status == 200)).Status);
        var completed = """
            SELECT count(*) FROM nurture_erasures WHERE completed_at IS NOT NULL AND sha256(convert_to($1, 'UTF8')) = ANY(lead_hashes)
            """;
        Assert.Equal(1L, await ClickHouseProbe.EventuallyAsync(() => CountAsync(completed, id.ToString("D")), n => n == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{id}")).Status);
    }

    [Theory]
    [InlineData("not-a-guid", 400)]
    [InlineData("00000000-0000-0000-0000-000000000001", 404)]
    public async Task ErasingNobody_IsClear(string id, int expected)
    {
        Assert.Equal(expected, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{id}")).Status);
        Assert.Equal(expected, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{id}/export")).Status);
    }

    private async Task<(int Status, JsonElement Body)> UploadAsync(string csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "fair.csv");
        form.Add(new StringContent("""{"email":"email","name":"name","phone":"phone","company":"company"}"""), "mapping");
        form.Add(new StringContent("trade fair"), "source");
        form.Add(new StringContent("upsert"), "mode");
        form.Add(new StringContent("JP"), "defaultCountry");
        using var response = await app.Api().PostAsync("/api/imports", form);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Puts the erasure of the lead off for good, or makes it due now.</summary>
    private async Task HoldRecheckAsync(Guid lead, bool hold)
    {
        await using var database = NpgsqlDataSource.Create(app.PostgresConnection);
        await using var command = database.CreateCommand(
            $"UPDATE nurture_erasures SET recheck_at = {(hold ? "'infinity'" : "now()")} WHERE $1 = ANY(lead_ids) AND completed_at IS NULL");
        command.Parameters.AddWithValue(lead);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var database = NpgsqlDataSource.Create(app.PostgresConnection);
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue(parameter);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
