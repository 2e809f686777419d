using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// Tests that stop or restart the shared ClickHouse or PostgreSQL: one collection, so they run one after
/// the other and alone, after every parallel test class.
/// </summary>
[CollectionDefinition(nameof(SharedServiceFaults), DisableParallelization = true)]
public sealed class SharedServiceFaults;

[Collection(nameof(SharedServiceFaults))]
public sealed class ClickHouseOutageTests(NurtureApp app) : IClassFixture<NurtureApp>
{
    [Fact]
    public async Task ClickHouseDown_IngestKeepsAcknowledging_AndEverythingArrivesWhenItIsBack()
    {
        var visitor = "outage-" + Guid.NewGuid().ToString("N");
        var (status, _) = await app.CollectAsync(new[] { app.Event(visitor, eventId: "before") });
        Assert.Equal(202, status);
        await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.CountAsync($"visitor_id = '{visitor}'"), n => n == 1);

        await SharedServices.RunAsync("NURTURE_TEST_CH_STOP");
        try
        {
            for (var i = 0; i < 20; i++)
            {
                (status, _) = await app.CollectAsync(new[] { app.Event(visitor, eventId: $"during-{i}"), app.Event(visitor, eventId: $"during-{i}b") });
                Assert.Equal(202, status);
            }
            var ready = await app.CreateClient().GetFromJsonAsync<JsonElement>("/readyz");
            Assert.Equal("degraded", ready.GetProperty("status").GetString());
            Assert.Equal("unreachable", ready.GetProperty("clickHouse").GetString());
            await Task.Delay(TimeSpan.FromSeconds(2)); // the point of the test: the writer's retries meet an outage that lasts, not a blip
        }
        finally
        {
            await SharedServices.RunAsync("NURTURE_TEST_CH_START");
        }

        var count = await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.CountAsync($"visitor_id = '{visitor}'"), n => n == 41, TimeSpan.FromSeconds(60));
        Assert.Equal(41, count);
        var distinct = (await app.ClickHouse.QueryAsync($"SELECT uniqExact(event_id) AS n FROM events WHERE visitor_id = '{visitor}'"))[0].GetProperty("n").GetInt64();
        Assert.Equal(41, distinct);
    }
}
