using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

public sealed class TwoProcessClusterTests
{
    [Fact]
    public async Task TwoServers_FormOneCluster_AndALeadHasOneActivationReachedThroughEither()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var a = cluster.AddServer();
        var b = cluster.AddServer();
        await a.StartAsync();
        await b.StartAsync();
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(a);

        using var apiA = a.Client(withApiKey: true);
        using var apiB = b.Client(withApiKey: true);
        var hosts = await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(apiB, "/api/cluster"),
            h => h.ValueKind == JsonValueKind.Object && h.GetProperty("silos").GetArrayLength() == 2);
        Assert.Equal(2, hosts.GetProperty("silos").GetArrayLength());

        // The same visitor's events arrive through both nodes; one lead counts them all.
        var visitor = "both-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 6; i++)
        {
            using var client = (i % 2 == 0 ? a : b).Client();
            using var response = await client.PostAsJsonAsync("/collect", new[]
            {
                new { siteKey, visitorId = visitor, eventId = $"e{i}", type = "page_view", url = $"https://shop.example.com/{i}" },
            });
            Assert.Equal(202, (int)response.StatusCode);
        }
        var leadId = LeadIds.ForVisitor(siteId, visitor);
        foreach (var api in new[] { apiA, apiB })
        {
            var lead = await ClickHouseProbe.EventuallyAsync(
                () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{leadId}"),
                l => ClickHouseProbe.Has(l, 6, "counters", "events"));
            Assert.Equal(6, lead.GetProperty("counters").GetProperty("events").GetInt64());
        }
        var fromA = await apiA.GetFromJsonAsync<JsonElement>($"/api/cluster/leads/{leadId}/activation");
        var fromB = await apiB.GetFromJsonAsync<JsonElement>($"/api/cluster/leads/{leadId}/activation");
        var activation = Assert.Single(fromA.GetProperty("activations").EnumerateArray()).GetString();
        Assert.Equal(activation, Assert.Single(fromB.GetProperty("activations").EnumerateArray()).GetString());
        Assert.NotEqual(fromA.GetProperty("answeredBy").GetString(), fromB.GetProperty("answeredBy").GetString());
    }
}
