using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.Flows;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// A flow is paused and started again through one node of two while its runs wait on both: the waits
/// that ended during the pause move on once it runs again, on whichever node holds each lead, without
/// any further event from the leads. The walk starts at once, so the other node's leads are usually
/// woken before that node has re-read the flows: they re-read them first.
/// </summary>
public sealed class FlowResumeAcrossNodesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Leads = 10;
    private static readonly TimeSpan FlowWait = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task PausedThroughOneNode_ResumedThroughIt_WakesTheHeldRunsOnBothNodes()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.CreateAsync();
        ServerProcess[] nodes = [cluster.AddServer(), cluster.AddServer()];
        await Task.WhenAll(nodes.Select(n => n.StartAsync()));
        var silos = await Task.WhenAll(nodes.Select(n => ClusterNodes.SiloWhenClusterHasAsync(n, 2)));
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(nodes[0]);
        using var api = nodes[0].Client(withApiKey: true);
        (await api.PutAsync("/api/flows/resume", new StringContent($$"""
            { "name": "Held by a pause", "trigger": { "event": { "type": "page_view", "path": "/held*" } }, "start": "hold",
              "steps": [ { "id": "hold", "type": "wait", "duration": "{{FlowWait.TotalSeconds}}s", "next": "tag" },
                         { "id": "tag", "type": "set_trait", "trait": "held", "value": "released", "next": "end" },
                         { "id": "end", "type": "end" } ] }
            """, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/flows/resume/activate", null)).EnsureSuccessStatusCode();
        // Every node re-reads the flows every 2 s, and nothing shows a node's copy: the re-read has to pass.
        await Task.Delay(PostgresFlowCatalog.RefreshInterval + TimeSpan.FromSeconds(1));

        // The leads enter through both nodes.
        var visitors = Enumerable.Range(0, Leads).Select(i => $"resume{i}-{Guid.NewGuid():N}"[..24]).ToList();
        var ledger = new AcknowledgedEvents();
        for (var i = 0; i < visitors.Count; i++)
        {
            using var client = nodes[i % 2].Client();
            Assert.True(await ledger.TrySendAsync(client, [new TrackerEvent(siteKey, visitors[i], $"{visitors[i]}-1", "page_view", Url: "https://shop.example.com/held")]),
                ledger.LastFailure);
        }
        var leadIds = visitors.Select(v => LeadIds.ForVisitor(siteId, v)).ToList();
        var waitsEnd = new List<DateTimeOffset>();
        foreach (var id in leadIds)
        {
            var lead = await ClickHouseProbe.EventuallyAsync(() => ClusterNodes.ReadLeadAsync(nodes[1], id),
                l => l.ValueKind == JsonValueKind.Object && l.GetProperty("flows").GetArrayLength() == 1);
            waitsEnd.Add(lead.GetProperty("flows")[0].GetProperty("waitUntil").GetDateTimeOffset());
        }
        using (var paused = await api.PostAsync("/api/flows/resume/pause", null)) paused.EnsureSuccessStatusCode();
        Assert.True(DateTimeOffset.UtcNow < waitsEnd.Min(), "the pause came after a wait ended; the test needs a longer wait");
        var placement = new List<string?>();
        foreach (var id in leadIds) placement.Add(await ClusterNodes.ActivationAsync(api, id));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: paused; leads on {silos[0]}: {placement.Count(p => p == silos[0])}, on {silos[1]}: {placement.Count(p => p == silos[1])}");

        // Every wait ends during the pause (and every node knows of the pause by then): each lead's timer fires and
        // drops its reminder, and no run moves.
        for (var i = 0; i < leadIds.Count; i++) await FlowReminders.GoneAsync(cluster.Postgres, leadIds[i], waitsEnd[i]);
        foreach (var id in leadIds)
        {
            var held = await ClusterNodes.ReadLeadAsync(nodes[1], id);
            Assert.Equal("hold", held.GetProperty("flows")[0].GetProperty("step").GetString());
            Assert.False(held.GetProperty("traits").TryGetProperty("held", out _));
        }

        // Started again through the same node: every run moves on, on both nodes.
        var resumed = Stopwatch.StartNew();
        using (var activated = await api.PostAsync("/api/flows/resume/activate", null)) activated.EnsureSuccessStatusCode();
        foreach (var id in leadIds)
        {
            var released = await ClickHouseProbe.EventuallyAsync(() => ClusterNodes.ReadLeadAsync(nodes[0], id),
                l => l.ValueKind == JsonValueKind.Object && l.GetProperty("flows")[0].GetProperty("status").GetString() == "completed",
                TimeSpan.FromSeconds(30));
            Assert.Equal("completed", released.GetProperty("flows")[0].GetProperty("status").GetString());
            Assert.Equal("released", released.GetProperty("traits").GetProperty("held").GetProperty("value").GetString());
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every run completed {resumed.Elapsed.TotalSeconds:F1} s after the flow was started again");
    }
}
