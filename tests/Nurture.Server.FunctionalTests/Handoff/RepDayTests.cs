using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Http;
using Nurture.Server.FunctionalTests.Access;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// The rep's day against the real host: a lead made hot by its own events lands in the rep's inbox with the
/// event that tipped it over; the rep logs a call (an event on the timeline, in the change history, matched by a
/// segment) and marks it won with the deal's value (validated by field; the sales_won event carries it); the
/// views and their counts follow. A host of its own: the inbox counts must see only this class's reps.
/// </summary>
public sealed class RepDayTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task HotLead_InTheRepsInbox_CallLogged_WonWithValue_ShowsInTheWonView()
    {
        var api = app.Api();
        (await api.PostAsJsonAsync("/api/reps", new { id = "dee", name = "Dee Rep", email = $"dee-{Guid.NewGuid():N}@sales.example", capacity = 10 })).EnsureSuccessStatusCode();
        var salesEmail = $"dee-user-{Guid.NewGuid():N}@sales.example";
        var sales = AccessSetup.Client(app, (await AccessSetup.CreateKeyAsync(app, Roles.Sales,
            await AccessSetup.CreateUserAsync(app, Roles.Sales, repId: "dee", email: salesEmail))).Key);

        var leadId = await HotLeadAsync("Won Prospect");
        var inbox = await ClickHouseProbe.EventuallyAsync(() => sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox"),
            i => i.GetProperty("leads").GetArrayLength() == 1);
        var item = inbox.GetProperty("leads")[0];
        Assert.Equal(leadId, item.GetProperty("leadId").GetGuid());
        Assert.Equal("new", item.GetProperty("status").GetString());
        // Why hot starts from the event that tipped it over: the second form submit.
        var tipping = item.GetProperty("tipping");
        Assert.Equal("form_submit", tipping.GetProperty("type").GetString());
        Assert.Equal("https://shop.example.com/contact", tipping.GetProperty("url").GetString());
        Assert.Equal("form-submit", tipping.GetProperty("ruleId").GetString());
        Assert.False(item.GetProperty("flowHandoff").GetBoolean());
        Assert.Equal("+81 3-1234-5678", item.GetProperty("phone").GetString());
        AssertCounts(inbox, open: 1, @new: 1, accepted: 0, won: 0, lost: 0, all: 1);

        // A call, with markup in its note: kept as text, an event of the lead with the contract's props.
        const string note = "<script>alert('x')</script> asks for a quote";
        var beforeCall = DateTimeOffset.UtcNow;
        using (var call = await sales.PostAsJsonAsync($"/api/leads/{leadId}/activities", new { kind = "call", outcome = "reached", note }))
            Assert.Equal(201, (int)call.StatusCode);
        var rows = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT type, channel, prop_keys, prop_values FROM events WHERE lead_id = '{leadId}' AND type = 'sales_call'"),
            r => r.Count == 1);
        Assert.Equal("sales", rows[0].GetProperty("channel").GetString());
        var props = Props(rows[0]);
        Assert.Equal("reached", props["outcome"]);
        Assert.Equal("dee", props["rep"]);
        Assert.Equal($"user:{salesEmail}", props["user"]);
        Assert.Equal(note, props["note"]);
        var timeline = await sales.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/timeline?limit=100");
        Assert.Contains(timeline.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "sales_call"
            && e.GetProperty("props").GetProperty("note").GetString() == note);
        var history = await sales.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/history");
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "sales_last_activity"
            && c.GetProperty("newValue").GetString()!.StartsWith("Call: reached them (", StringComparison.Ordinal) && c.GetProperty("actor").GetString() == "rep:dee");
        // The rep's call does not make the person "last seen" now.
        var lead = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}");
        Assert.True(lead.GetProperty("counters").GetProperty("lastSeen").GetDateTimeOffset() < beforeCall, "last seen stays the person's own");
        inbox = await sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox");
        Assert.Equal("call", inbox.GetProperty("leads")[0].GetProperty("lastActivity").GetProperty("kind").GetString());

        // A segment finds the people sales reached by phone.
        var segment = new { name = "reached", conditions = new { all = new object[] { new { did = "sales_call", props = new { outcome = "reached" }, withinDays = 7 } } } };
        var preview = await ClickHouseProbe.EventuallyAsync(async () => (await app.SendJsonAsync(HttpMethod.Post, "/api/segments/preview", segment)).Body,
            p => p.ValueKind == JsonValueKind.Object && p.GetProperty("size").GetInt64() == 1);
        Assert.Equal(1, preview.GetProperty("size").GetInt64());

        // Won asks for the value and the close date, each checked where it is.
        var missing = await ProblemAsync(sales, leadId, new { outcome = "won" });
        Assert.Contains("is required", missing["$.dealValue"][0]);
        Assert.Contains("is required", missing["$.closedOn"][0]);
        var huge = await ProblemAsync(sales, leadId, new { outcome = "won", dealValue = "9".PadLeft(400, '9'), closedOn = "2026-02-30" });
        Assert.Contains("amount in digits", huge["$.dealValue"][0]);
        Assert.Contains("real date", huge["$.closedOn"][0]);
        var future = await ProblemAsync(sales, leadId, new { outcome = "won", dealValue = 1e15, closedOn = DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.Contains("at most 100,000,000,000", future["$.dealValue"][0]);
        Assert.Contains("days from today", future["$.closedOn"][0]);
        var lostWithValue = await ProblemAsync(sales, leadId, new { outcome = "lost", dealValue = 5 });
        Assert.Contains("only taken when the outcome is won", lostWithValue["$.dealValue"][0]);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_feedback WHERE lead_id = $1", leadId));

        using (var won = await sales.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "won", dealValue = "1,200,000", closedOn = Today }))
        {
            Assert.Equal(200, (int)won.StatusCode);
            var answer = await won.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1200000m, answer.GetProperty("dealValue").GetDecimal());
            Assert.Equal(Today, answer.GetProperty("closedOn").GetString());
        }
        Assert.Equal(1, await app.CountAsync(
            "SELECT count(*) FROM nurture_feedback WHERE lead_id = $1 AND outcome = 'won' AND deal_value = 1200000 AND closed_on = current_date", leadId));
        var wonRows = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT channel, prop_keys, prop_values FROM events WHERE lead_id = '{leadId}' AND type = 'sales_won'"),
            r => r.Count == 1);
        var wonProps = Props(wonRows[0]);
        Assert.Equal("1200000", wonProps["deal_value"]);
        Assert.Equal(Today, wonProps["closed_on"]);
        Assert.Equal("dee", wonProps["rep"]);

        // The won lead no longer disappears: it is in the Won view, with its value, and the counts moved.
        var wonView = await sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox?view=won");
        var wonItem = Assert.Single(wonView.GetProperty("leads").EnumerateArray());
        Assert.Equal("won", wonItem.GetProperty("status").GetString());
        // The view downloads as the rep's list, the deal's value with it.
        var csv = await (await sales.GetAsync("/api/sales/inbox?view=won&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFFLead,Email,Company,Phone,Status,Assigned at,Stage,Grade,Engagement,Fit,Deal value,Closed on,Last activity,Lead id", csv);
        Assert.Contains($",won,", csv);
        Assert.Contains($",1200000,{Today},", csv);
        Assert.Equal(400, (int)(await sales.GetAsync("/api/sales/inbox?format=pdf")).StatusCode);
        Assert.Equal(1200000m, wonItem.GetProperty("dealValue").GetDecimal());
        Assert.Equal(Today, wonItem.GetProperty("closedOn").GetString());
        AssertCounts(wonView, open: 0, @new: 0, accepted: 0, won: 1, lost: 0, all: 1);
        Assert.Empty((await sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox")).GetProperty("leads").EnumerateArray());
        Assert.Single((await sales.GetFromJsonAsync<JsonElement>("/api/sales/inbox?view=all")).GetProperty("leads").EnumerateArray());
        using (var badView = await sales.GetAsync("/api/sales/inbox?view=%3Cscript%3E"))
            Assert.Contains("must be one of open, new, accepted, won, lost, all", (await ProblemBody.ReadAsync(badView)).Errors["view"][0]);
    }

    [Fact]
    public async Task Activities_AreTheAssignedRepsOnly_AndRefuseBadInputByField()
    {
        var api = app.Api();
        (await api.PostAsJsonAsync("/api/reps", new { id = "eve", name = "Eve Rep", email = $"eve-{Guid.NewGuid():N}@sales.example", capacity = 10, active = false })).EnsureSuccessStatusCode();
        var salesEmail = $"eve-user-{Guid.NewGuid():N}@sales.example";
        var eve = AccessSetup.Client(app, (await AccessSetup.CreateKeyAsync(app, Roles.Sales,
            await AccessSetup.CreateUserAsync(app, Roles.Sales, repId: "eve", email: salesEmail))).Key);
        var marketer = AccessSetup.Client(app, (await AccessSetup.CreateKeyAsync(app, Roles.Marketer)).Key);
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"not-eves-{Guid.NewGuid():N}@acme.example" } });
        var leadId = created.GetProperty("leadId").GetGuid();

        // Not assigned to Eve: not found for her, as an unknown lead would be; marketers read, they do not log.
        Assert.Equal(404, (int)(await eve.PostAsJsonAsync($"/api/leads/{leadId}/activities", new { kind = "call", outcome = "reached" })).StatusCode);
        Assert.Equal(403, (int)(await marketer.PostAsJsonAsync($"/api/leads/{leadId}/activities", new { kind = "call", outcome = "reached" })).StatusCode);

        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, 'eve', 'test', now())", Guid.NewGuid(), leadId);
        foreach (var (body, field, reason) in new (string, string, string)[]
        {
            ("""{"kind": "fax"}""", "$.kind", "must be one of call, meeting, note"),
            ("""{"kind": ["call"]}""", "$.kind", "must be a string"),
            ("""{"kind": "call", "outcome": "<b>yes</b>"}""", "$.outcome", "must be one of"),
            ("""{"kind": "meeting"}""", "$.outcome", "is required for a meeting"),
            ($$"""{"kind": "note", "note": "{{new string('a', 2001)}}"}""", "$.note", "at most 2000 characters"),
            ("""{"kind": "note", "note": "bell \u0007"}""", "$.note", "control characters"),
            ("""{"kind": "note", "note": {"html": "<i>x</i>"}}""", "$.note", "must be a string"),
        })
        {
            using var response = await eve.PostAsync($"/api/leads/{leadId}/activities", AccessSetup.Json(body));
            var problem = await ProblemBody.ReadAsync(response);
            Assert.Equal(400, problem.Status);
            Assert.Contains(reason, Assert.Single(problem.Errors[field]));
        }
        using (var broken = await eve.PostAsync($"/api/leads/{leadId}/activities", AccessSetup.Json("{\"kind\": ")))
            Assert.Equal(400, (await ProblemBody.ReadAsync(broken)).Status);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_sales_activities WHERE lead_id = $1", leadId));

        // Her own lead: a note, as her rep whatever the body says.
        using var logged = await eve.PostAsJsonAsync($"/api/leads/{leadId}/activities", new { kind = "note", note = "Met at the fair", rep = "dee" });
        Assert.Equal(201, (int)logged.StatusCode);
        Assert.Equal("eve", (await logged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rep").GetString());
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_sales_activities WHERE lead_id = $1 AND rep_id = 'eve' AND kind = 'note'", leadId));
    }

    [Fact]
    public async Task AFlowsHandOff_NotHot_SaysSo_EvenAfterAReassignment()
    {
        var api = app.Api();
        foreach (var id in new[] { "fay", "gus" })
            (await api.PostAsJsonAsync("/api/reps", new { id, name = id, email = $"{id}-{Guid.NewGuid():N}@sales.example", capacity = 10, active = false })).EnsureSuccessStatusCode();
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"quote-{Guid.NewGuid():N}@acme.example", name = "Quote Asker" } });
        var leadId = created.GetProperty("leadId").GetGuid();
        // As FlowSalesNotifier and the SLA watch record them: the flow's alert, then a reassignment of it to another rep.
        var flowAlert = Guid.NewGuid();
        var reassigned = Guid.NewGuid();
        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at, status, note) VALUES ($1, $2, $3, now() - interval '1 hour', 'delivered', 'flow Welcome: asked for a quote')",
            flowAlert, leadId, $"flow:{flowAlert:N}");
        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, 'fay', 'round-robin', now() - interval '1 hour')", flowAlert, leadId);
        var fay = Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/sales/inbox?rep=fay")).GetProperty("leads").EnumerateArray());
        Assert.True(fay.GetProperty("flowHandoff").GetBoolean());
        Assert.Equal("flow Welcome: asked for a quote", fay.GetProperty("note").GetString());
        Assert.NotEqual("hot", fay.GetProperty("stage").GetString());
        Assert.Equal(JsonValueKind.Null, fay.GetProperty("tipping").ValueKind);

        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at, status, taken_from) VALUES ($1, $2, $3, now(), 'delivered', 'fay')",
            reassigned, leadId, $"reassign:{flowAlert:N}");
        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, 'gus', 'reassigned', now())", reassigned, leadId);
        var gus = Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/sales/inbox?rep=gus")).GetProperty("leads").EnumerateArray());
        Assert.True(gus.GetProperty("flowHandoff").GetBoolean());
        Assert.Equal("flow Welcome: asked for a quote", gus.GetProperty("note").GetString());
        // Fay's inbox no longer holds it: the newest assignment is Gus's.
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/sales/inbox?rep=fay&view=all")).GetProperty("leads").EnumerateArray());
    }

    /// <summary>A corporate CTO who reads pricing and demo pages, then sends two forms: the second tips them over 80.</summary>
    private async Task<Guid> HotLeadAsync(string name)
    {
        var visitor = "rep-day-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme-corp.example";
        await app.SendAsBrowserAsync(
            app.Event(visitor, url: "https://shop.example.com/?utm_source=news&utm_medium=email"),
            app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { name, jobTitle = "CTO", phone = "+81 3-1234-5678" } }),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/demo"),
            app.Event(visitor, url: "https://shop.example.com/demo"));
        var leadId = (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
        await ClickHouseProbe.EventuallyAsync(() => app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/score"),
            s => s.GetProperty("score").GetProperty("engagement").GetDouble() >= 60);
        await app.SendAsBrowserAsync(
            app.Event(visitor, type: "form_submit", url: "https://shop.example.com/contact"),
            app.Event(visitor, type: "form_submit", url: "https://shop.example.com/contact"));
        return leadId;
    }

    private static async Task<IReadOnlyDictionary<string, string[]>> ProblemAsync(HttpClient client, Guid leadId, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/leads/{leadId}/feedback", body);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        return problem.Errors;
    }

    private static Dictionary<string, string> Props(JsonElement row)
    {
        var keys = row.GetProperty("prop_keys").EnumerateArray().Select(k => k.GetString()!).ToList();
        var values = row.GetProperty("prop_values").EnumerateArray().Select(v => v.GetString()!).ToList();
        return keys.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    private static void AssertCounts(JsonElement inbox, int open, int @new, int accepted, int won, int lost, int all)
    {
        var counts = inbox.GetProperty("counts");
        Assert.Equal(
            new[] { open, @new, accepted, won, lost, all },
            new[] { "open", "new", "accepted", "won", "lost", "all" }.Select(v => counts.GetProperty(v).GetInt32()).ToArray());
    }
}
