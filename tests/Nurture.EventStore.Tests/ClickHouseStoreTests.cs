using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Nurture.EventStore.Tests;

/// <summary>What the store sends ClickHouse, seen by a stand-in HTTP server on loopback.</summary>
public sealed class ClickHouseStoreTests
{
    [Theory]
    [InlineData("analytics", true)]
    [InlineData("", false)]
    public async Task EveryQuery_CarriesTheClusterSettings_OnlyOnACluster(string cluster, bool expected)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = AnswerOnceAsync(listener);
        using var store = new ClickHouseStore(Options.Create(new ClickHouseOptions { Url = $"http://127.0.0.1:{port}", Cluster = cluster }));

        await store.QueryAsync("SELECT 1 AS ok", CancellationToken.None);

        var query = (await seen).Query ?? "";
        Assert.Equal(expected, query.Contains("insert_distributed_sync=1", StringComparison.Ordinal));
        Assert.Equal(expected, query.Contains("distributed_product_mode=global", StringComparison.Ordinal));
    }

    private static async Task<Uri> AnswerOnceAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        var url = context.Request.Url!;
        var body = "{\"ok\":1}\n"u8.ToArray();
        context.Response.StatusCode = 200;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
        return url;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
