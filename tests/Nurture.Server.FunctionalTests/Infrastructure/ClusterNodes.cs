using System.Net.Http.Json;
using System.Text.Json;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>What the tests of several server processes ask each node: its cluster view, where a lead lives, a lead.</summary>
public static class ClusterNodes
{
    /// <summary>This node's silo address once its membership view holds this many active silos.</summary>
    public static async Task<string> SiloWhenClusterHasAsync(ServerProcess node, int count, TimeSpan? timeout = null)
    {
        using var api = node.Client(withApiKey: true);
        api.Timeout = TimeSpan.FromSeconds(5);
        var hosts = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(api, "/api/cluster"),
            h => h.ValueKind == JsonValueKind.Object && h.GetProperty("silos").GetArrayLength() == count, timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(hosts.ValueKind == JsonValueKind.Object && hosts.GetProperty("silos").GetArrayLength() == count, $"the cluster never had {count} silos: {hosts}");
        return hosts.GetProperty("answeredBy").GetString()!;
    }

    /// <summary>The silo holding the lead's activation, or null when none does.</summary>
    public static async Task<string?> ActivationAsync(HttpClient api, Guid leadId)
    {
        var activation = await api.GetFromJsonAsync<JsonElement>($"/api/cluster/leads/{leadId}/activation");
        return activation.GetProperty("activations").EnumerateArray().Select(a => a.GetString()).SingleOrDefault();
    }

    /// <summary>
    /// Waits until the node's events spool has no lag for these consumers ("clickhouse", "leads"; all when none is
    /// named): what the node acknowledged is in ClickHouse and in its leads, and the leads have written their state.
    /// </summary>
    public static async Task CaughtUpAsync(ServerProcess node, TimeSpan? timeout = null, params string[] consumers)
    {
        using var client = node.Client();
        bool Done(JsonElement r) => r.ValueKind == JsonValueKind.Object && r.GetProperty("spool").GetProperty("lag").EnumerateObject()
            .Where(c => consumers.Length == 0 || consumers.Contains(c.Name)).All(c => c.Value.GetInt64() == 0);
        var ready = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(client, "/readyz"), Done, timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(Done(ready), $"the node's spool consumers did not catch up: {ready}");
    }

    /// <summary>The lead as the node's API answers it; undefined while that fails (short timeout: the node may be mid-failover).</summary>
    public static async Task<JsonElement> ReadLeadAsync(ServerProcess node, Guid leadId)
    {
        using var api = node.Client(withApiKey: true);
        api.Timeout = TimeSpan.FromSeconds(5);
        try
        {
            return await ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{leadId}");
        }
        catch (TaskCanceledException)
        {
            return default;
        }
    }
}
