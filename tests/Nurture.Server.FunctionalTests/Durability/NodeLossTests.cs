using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.Server.Flows;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// A two-node cluster loses one node to SIGKILL while events keep arriving through the other. The
/// survivor's membership declares it dead; its leads come back on the survivor; their flow waits end
/// once (a lead something touches wakes by its grain timer, a lead nothing touches only by the reminder
/// the survivor inherited). The dead node's spool may still hold events it acknowledged: the product
/// promises them once the node (or a new process on the same disk) starts again, so the test restarts
/// it on its spool at the end, then audits: every acknowledged event once in ClickHouse and counted
/// once in its lead, and no email sent twice.
/// </summary>
public sealed class NodeLossTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int WaitingLeads = 12;
    private const int BusyVisitors = 4;
    private static readonly TimeSpan FlowWait = TimeSpan.FromSeconds(30);

    private sealed record Person(string Visitor, Guid LeadId, string Email);

    [Fact]
    public async Task KillOneOfTwoNodes_ItsLeadsMoveToTheSurvivor_WaitsEndOnce_AndEveryAcknowledgedEventIsKeptOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.CreateAsync();
        ServerProcess[] nodes = [cluster.AddServer(), cluster.AddServer()];
        await Task.WhenAll(nodes.Select(n => n.StartAsync()));
        var silos = await Task.WhenAll(nodes.Select(n => ClusterNodes.SiloWhenClusterHasAsync(n, 2)));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: both nodes ready and in one cluster");
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(nodes[0]);
        await SaveWaitingFlowAsync(nodes[0]);

        var tag = Guid.NewGuid().ToString("N")[..8];
        var waiting = Enumerable.Range(0, WaitingLeads).Select(i => Visitor(siteId, $"wait{i}-{tag}")).ToList();
        var busy = Enumerable.Range(0, BusyVisitors).Select(i => Visitor(siteId, $"busy{i}-{tag}")).ToList();
        var ledger = new AcknowledgedEvents();
        var sequence = 0;
        string NextId(Person p) => $"{p.Visitor}-{Interlocked.Increment(ref sequence)}";

        // Each waiting lead identifies and sees the pricing page (the flow's trigger), through either node.
        var entering = DateTimeOffset.UtcNow;
        for (var i = 0; i < waiting.Count; i++)
        {
            var p = waiting[i];
            using var client = nodes[i % 2].Client();
            Assert.True(await ledger.TrySendAsync(client, [
                new TrackerEvent(siteKey, p.Visitor, NextId(p), "identify", Email: p.Email),
                new TrackerEvent(siteKey, p.Visitor, NextId(p), "page_view", Url: "https://shop.example.com/pricing"),
            ]));
        }
        // Both nodes' lead consumers caught up: every lead entered the wait, its state and reminder are saved.
        await Task.WhenAll(nodes.Select(WaitForLeadsConsumerAsync));
        var entered = DateTimeOffset.UtcNow;
        // The reminder that will wake a lead whose node is gone is due when its wait ends, not later.
        var reminders = await FlowRemindersAsync(cluster.Postgres);
        foreach (var p in waiting)
        {
            Assert.True(reminders.TryGetValue(p.LeadId, out var due), $"{p.Visitor} holds no flow reminder");
            Assert.InRange(due, entering + FlowWait - TimeSpan.FromSeconds(1), entered + FlowWait + TimeSpan.FromSeconds(1));
        }
        var lastDue = waiting.Max(p => reminders[p.LeadId]);

        // Kill the node that holds more of the waiting leads.
        var placement = new Dictionary<Guid, string>();
        using (var api = nodes[0].Client(withApiKey: true))
        {
            foreach (var p in waiting) placement[p.LeadId] = await ClusterNodes.ActivationAsync(api, p.LeadId) ?? "";
        }
        var victimIndex = waiting.Count(p => placement[p.LeadId] == silos[0]) >= waiting.Count(p => placement[p.LeadId] == silos[1]) ? 0 : 1;
        var (victim, survivor) = (nodes[victimIndex], nodes[1 - victimIndex]);
        var (victimSilo, survivorSilo) = (silos[victimIndex], silos[1 - victimIndex]);
        var moving = waiting.Where(p => placement[p.LeadId] == victimSilo).ToList();
        Assert.NotEmpty(moving);
        // Half of the moving leads get events and API reads after the kill; the others nothing until their
        // email arrives, so only the reminder held in PostgreSQL can end their wait.
        var touched = moving.Where((_, i) => i % 2 == 0).ToList();
        var quiet = moving.Where((_, i) => i % 2 == 1).ToList();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: victim {victimSilo} holds {moving.Count} of {waiting.Count} waiting leads ({touched.Count} touched, {quiet.Count} quiet); survivor {survivorSilo}");

        // Traffic through both nodes, then SIGKILL one of them while the survivor's traffic goes on.
        var unanswered = new ConcurrentQueue<(ServerProcess Node, TrackerEvent[] Batch)>();
        using var stopVictimTraffic = new CancellationTokenSource();
        using var stopSurvivorTraffic = new CancellationTokenSource();
        var victimTraffic = SendTrafficAsync(victim, [.. busy, .. waiting], siteKey, NextId, ledger, unanswered, stopVictimTraffic.Token);
        var survivorTraffic = SendTrafficAsync(survivor, [.. busy, .. touched, .. waiting.Except(moving)], siteKey, NextId, ledger, unanswered, stopSurvivorTraffic.Token);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the point of the test: SIGKILL with traffic in flight through both nodes
        var sinceKill = Stopwatch.StartNew();
        victim.Kill();
        stopVictimTraffic.Cancel();
        await victimTraffic;
        output.WriteLine($"killed at {DateTime.UtcNow:HH:mm:ss.fff}; {ledger.Count} events acknowledged so far; the last wait ends at {lastDue:HH:mm:ss.fff}");

        // The survivor's membership declares the dead silo dead.
        var declared = await ClusterNodes.SiloWhenClusterHasAsync(survivor, 1, TimeSpan.FromSeconds(90));
        Assert.Equal(survivorSilo, declared);
        var deadAfter = sinceKill.Elapsed;
        using var surviving = survivor.Client(withApiKey: true);
        var silosLeft = await surviving.GetFromJsonAsync<JsonElement>("/api/cluster");
        Assert.Equal(new[] { survivorSilo }, silosLeft.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("address").GetString()).ToArray());

        // The touched leads answer from the survivor, which now holds their activation.
        TimeSpan? firstReachable = null;
        foreach (var p in touched)
        {
            var lead = await ClickHouseProbe.EventuallyAsync(() => ClusterNodes.ReadLeadAsync(survivor, p.LeadId), l => l.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(60));
            Assert.Equal(JsonValueKind.Object, lead.ValueKind);
            firstReachable ??= sinceKill.Elapsed;
            Assert.Equal(survivorSilo, await ClusterNodes.ActivationAsync(surviving, p.LeadId));
        }
        output.WriteLine($"dead declared {deadAfter.TotalSeconds:F1} s after the kill; first moved lead reachable on the survivor {firstReachable?.TotalSeconds:F1} s after");

        // Every wait ends once: one email per waiting lead, the quiet ones woken on the survivor.
        foreach (var p in waiting)
        {
            var received = await MailSink.WaitForAllAsync(p.Email, 1, TimeSpan.FromSeconds(120));
            Assert.Equal("After the wait", received[0].Subject);
        }
        output.WriteLine($"every wait ended: the last email in {sinceKill.Elapsed.TotalSeconds:F1} s after the kill, {(DateTimeOffset.UtcNow - lastDue).TotalSeconds:F1} s after the last wait was due");
        foreach (var p in quiet) Assert.Equal(survivorSilo, await ClusterNodes.ActivationAsync(surviving, p.LeadId));
        stopSurvivorTraffic.Cancel();
        await survivorTraffic;

        // The dead node comes back on its spool; clients retry what got no answer, through the node they sent it to.
        var restarting = sinceKill.Elapsed;
        await victim.StartAsync();
        output.WriteLine($"victim restarted in {(sinceKill.Elapsed - restarting).TotalSeconds:F1} s; unanswered: " +
            string.Join(", ", unanswered.GroupBy(u => u.Node == victim ? "victim" : "survivor").Select(g => $"{g.Count()} via the {g.Key}")) + $"; last failure {ledger.LastFailure}");
        foreach (var (node, batch) in unanswered)
        {
            using var client = node.Client();
            Assert.True(await ledger.TrySendAsync(client, batch));
        }
        output.WriteLine($"{unanswered.Count} unanswered batches retried; {ledger.Count} events acknowledged in all");

        // Audit: every acknowledged event once in ClickHouse and counted once in its lead; no email twice. The
        // server's own events (each send's email_sent) belong to no site and are not the clients'.
        const string Sent = "site_id != toUUID('00000000-0000-0000-0000-000000000000')";
        var stored = await ClickHouseProbe.EventuallyAsync(() => cluster.ClickHouse.CountAsync(Sent), n => n >= ledger.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(ledger.Count, stored);
        var storedIds = (await cluster.ClickHouse.QueryAsync($"SELECT DISTINCT event_id FROM events WHERE {Sent}")).Select(r => r.GetProperty("event_id").GetString()).ToHashSet();
        Assert.True(storedIds.SetEquals(ledger.EventIds), "ClickHouse holds exactly the acknowledged event ids");
        foreach (var p in waiting.Concat(busy))
        {
            var expected = ledger.CountFor(p.Visitor);
            var lead = await ClickHouseProbe.EventuallyAsync(() => ClusterNodes.ReadLeadAsync(survivor, p.LeadId),
                l => ClickHouseProbe.Has(l, expected, "counters", "events"), TimeSpan.FromSeconds(60));
            Assert.True(ClickHouseProbe.Has(lead, expected, "counters", "events"), $"{p.Visitor}: {expected} events expected, lead says {lead}");
        }
        // The outbox is done with every waiting lead's send: one each, and no second copy on its way.
        foreach (var p in waiting)
        {
            Assert.Equal(1, await OutboxProbe.SettledAsync(cluster.Postgres, p.Email));
            Assert.Single(MailSink.To(p.Email));
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: audit done");
    }

    private static Person Visitor(Guid siteId, string visitor) => new(visitor, LeadIds.ForVisitor(siteId, visitor), $"{visitor}@acme.example");

    /// <summary>The template and the flow: enter on the pricing page, wait, send one email.</summary>
    private static async Task SaveWaitingFlowAsync(ServerProcess node)
    {
        using var api = node.Client(withApiKey: true);
        (await api.PutAsJsonAsync("/api/templates/after-wait", new { subject = "After the wait", html = "<p>Later</p>" })).EnsureSuccessStatusCode();
        (await api.PutAsync("/api/flows/node-loss", new StringContent($$"""
            { "name": "Wait across a node loss", "trigger": { "event": { "type": "page_view", "path": "/pricing*" } }, "start": "pause",
              "steps": [ { "id": "pause", "type": "wait", "duration": "{{FlowWait.TotalSeconds}}s", "next": "mail" },
                         { "id": "mail", "type": "send_email", "template": "after-wait", "next": "end" }, { "id": "end", "type": "end" } ] }
            """, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/flows/node-loss/activate", null)).EnsureSuccessStatusCode();
        // Every node reloads its flow catalog every 2 s, and nothing shows a node's copy: the reload has to pass.
        await Task.Delay(PostgresFlowCatalog.RefreshInterval + TimeSpan.FromSeconds(1));
    }

    /// <summary>Page views for the visitors, round after round, until stopped; what gets no 202 is kept for a retry.</summary>
    private static Task SendTrafficAsync(
        ServerProcess node, IReadOnlyList<Person> visitors, string siteKey, Func<Person, string> nextId, AcknowledgedEvents ledger,
        ConcurrentQueue<(ServerProcess, TrackerEvent[])> unanswered, CancellationToken stop) => Task.Run(async () =>
    {
        using var client = node.Client();
        client.Timeout = TimeSpan.FromSeconds(10);
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            foreach (var p in visitors)
            {
                TrackerEvent[] batch = [new(siteKey, p.Visitor, nextId(p), "page_view", Url: $"https://shop.example.com/docs/{round}")];
                if (!await ledger.TrySendAsync(client, batch)) unanswered.Enqueue((node, batch));
                if (stop.IsCancellationRequested) return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None); // the traffic's pace, not a wait for anything
        }
    }, CancellationToken.None); // the loop watches `stop` itself, so the task always ends by returning

    private static async Task WaitForLeadsConsumerAsync(ServerProcess node)
    {
        using var client = node.Client();
        var ready = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(client, "/readyz"),
            r => ClickHouseProbe.Has(r, 0, "spool", "lag", "leads"), TimeSpan.FromSeconds(60));
        Assert.True(ClickHouseProbe.Has(ready, 0, "spool", "lag", "leads"), $"the lead consumer did not catch up: {ready}");
    }

    /// <summary>When each lead's flow reminder is due, from the reminder table the silos share.</summary>
    private static async Task<Dictionary<Guid, DateTimeOffset>> FlowRemindersAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT grain_id, start_time FROM orleans_reminders WHERE reminder_name = 'flows'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var due = new Dictionary<Guid, DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            // A grain id reads "type/key"; a lead's key is its UUID.
            var grainId = reader.GetString(0);
            if (Guid.TryParse(grainId[(grainId.LastIndexOf('/') + 1)..], out var leadId)) due[leadId] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return due;
    }
}
