using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>Export of everything held about a person, and erasure that leaves nothing behind.</summary>
public sealed class PrivacyTests(NurtureApp app) : IClassFixture<NurtureApp>
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

    [Theory]
    [InlineData("not-a-guid", 400)]
    [InlineData("00000000-0000-0000-0000-000000000001", 404)]
    public async Task ErasingNobody_IsClear(string id, int expected)
    {
        Assert.Equal(expected, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{id}")).Status);
        Assert.Equal(expected, (await app.SendJsonAsync(HttpMethod.Get, $"/api/leads/{id}/export")).Status);
    }
}
