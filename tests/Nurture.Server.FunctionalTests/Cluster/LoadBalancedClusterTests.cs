using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// Two server processes behind HAProxy (deploy/cluster/haproxy.cfg) on loopback: a load of pixel and
/// batch events from many visitors, some identifying (pairs with one email merge across nodes), sent
/// through the balancer (pixels over plain HTTP, batches and the API over TLS with HTTP/2, as the
/// shipped file ends TLS), then audited: every acknowledged event is in ClickHouse once and counted in
/// its lead, both nodes took traffic, and the client's address came through X-Forwarded-For.
/// </summary>
public sealed class LoadBalancedClusterTests
{
    private const int PixelVisitors = 150;
    private const int PixelEventsEach = 6;
    private const int BatchVisitors = 160;
    private const int BatchesEach = 2;
    private const int EventsPerBatch = 10;
    /// <summary>The test's client connects from here; the balancer connects to the nodes from 127.0.0.1.</summary>
    private static readonly IPAddress ClientAddress = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task TwoNodesBehindHaproxy_EveryAcknowledgedEventOnceInClickHouseAndInItsLead_BothNodesServe()
    {
        _ = HaproxyProcess.Binary;   // fails at once, saying how to install it, when it is missing
        await using var cluster = await ProcessCluster.CreateAsync();
        var nodes = new[] { cluster.AddServer(), cluster.AddServer() };
        foreach (var node in nodes)
        {
            node.SetEnvironment("Nurture__TrustedProxies__0", "127.0.0.1");
            node.SetEnvironment("Nurture__Ingest__StoreRawClientIp", "true");
        }
        await Task.WhenAll(nodes.Select(n => n.StartAsync()));
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(nodes[0]);
        using var balancer = new HaproxyProcess([.. nodes.Select(n => n.HttpPort)]);
        await balancer.StartAsync();
        using var api = Client(balancer.TlsBaseAddress, withApiKey: true, balancer.CertificateThumbprint);

        // Through the balancer, both nodes answer and see a cluster of two silos.
        var answeredBy = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (answeredBy.Count < 2 && DateTime.UtcNow < deadline)
        {
            var hosts = await ClickHouseProbe.GetJsonOrDefaultAsync(api, "/api/cluster");
            if (hosts.ValueKind == JsonValueKind.Object && hosts.GetProperty("silos").GetArrayLength() == 2)
                answeredBy.Add(hosts.GetProperty("answeredBy").GetString()!);
            else await Task.Delay(250);
        }
        Assert.True(answeredBy.Count == 2, $"both nodes should answer through the balancer; saw {string.Join(", ", answeredBy)}\n{balancer.Output}");
        using (var overTls = await api.GetAsync("/readyz"))
            Assert.Equal(new Version(2, 0), overTls.Version);

        var acknowledged = await SendLoadAsync(balancer, siteKey);
        var sent = PixelVisitors * PixelEventsEach + BatchVisitors * BatchesEach * EventsPerBatch;
        Assert.True(acknowledged.Count >= sent * 0.99, $"{acknowledged.Count} of {sent} events acknowledged");

        // ClickHouse: every acknowledged event, none twice, from both nodes' spools, with the client's address.
        var rows = await ClickHouseProbe.EventuallyAsync(
            () => cluster.ClickHouse.QueryAsync($"SELECT event_id, visitor_id, spool_node, client_ip FROM events WHERE site_id = toUUID('{siteId}')"),
            r => acknowledged.Keys.All(r.Select(e => e.GetProperty("event_id").GetString()).ToHashSet().Contains),
            TimeSpan.FromSeconds(60));
        var ids = rows.Select(r => r.GetProperty("event_id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(acknowledged.Keys.Except(ids));
        var perNode = rows.GroupBy(r => r.GetProperty("spool_node").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.True(perNode.Count == 2 && perNode.Values.All(n => n >= ids.Count / 5), "both nodes should take a share: " + string.Join(", ", perNode));
        Assert.All(rows, r => Assert.Equal(ClientAddress.ToString(), r.GetProperty("client_ip").GetString()));

        // Each person's lead counts exactly their events in ClickHouse (a pair sharing an email is one lead).
        var eventsPerPerson = rows.GroupBy(r => Person(r.GetProperty("visitor_id").GetString()!)).ToDictionary(g => g.Key, g => (long)g.Count());
        var wrong = new ConcurrentDictionary<string, string>();
        deadline = DateTime.UtcNow.AddSeconds(60);
        var pending = eventsPerPerson.Keys.ToList();
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            wrong.Clear();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (person, _) =>
            {
                var path = person.Contains('@') ? $"/api/leads?email={Uri.EscapeDataString(person)}" : $"/api/leads/{LeadIds.ForVisitor(siteId, person)}";
                var lead = await ClickHouseProbe.GetJsonOrDefaultAsync(api, path);
                if (!ClickHouseProbe.Has(lead, eventsPerPerson[person], "counters", "events")) wrong[person] = lead.ValueKind == JsonValueKind.Undefined ? "no lead" : lead.GetProperty("counters").GetProperty("events").ToString();
            });
            pending = [.. wrong.Keys];
            if (pending.Count > 0) await Task.Delay(500);
        }
        Assert.True(wrong.IsEmpty, $"{wrong.Count} leads count other than their events, e.g. " +
            string.Join("; ", wrong.Take(5).Select(w => $"{w.Key}: {w.Value}, expected {eventsPerPerson[w.Key]}")));
        Assert.Contains(eventsPerPerson.Keys, p => p.Contains('@'));
    }

    /// <summary>
    /// Pixel visitors send GETs one at a time; batch visitors send sessions of ten; every fifth batch
    /// visitor identifies in its first batch, two at a time with the same email. Answers the
    /// acknowledged event ids.
    /// </summary>
    private static async Task<ConcurrentDictionary<string, bool>> SendLoadAsync(HaproxyProcess balancer, string siteKey)
    {
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var run = Guid.NewGuid().ToString("N")[..8];
        using var client = Client(balancer.BaseAddress, withApiKey: false);
        using var tlsClient = Client(balancer.TlsBaseAddress, withApiKey: false, balancer.CertificateThumbprint);
        var visitors = Enumerable.Range(0, PixelVisitors).Select(i => (Id: $"px{i}-{run}", Pixel: true))
            .Concat(Enumerable.Range(0, BatchVisitors).Select(i => (Id: $"bt{i}-{run}", Pixel: false)));
        await Parallel.ForEachAsync(visitors, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (visitor, cancel) =>
        {
            if (visitor.Pixel)
            {
                for (var e = 0; e < PixelEventsEach; e++)
                {
                    var eventId = $"{visitor.Id}-{e}";
                    var url = Uri.EscapeDataString($"https://shop.example.com/p/{e}?utm_source=lb&utm_medium=test");
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"/t.gif?siteKey={siteKey}&visitorId={visitor.Id}&eventId={eventId}&type=page_view&url={url}");
                    // A client cannot pose as another address: the nodes believe only the balancer's hop.
                    if (e == 0) request.Headers.Add("X-Forwarded-For", "198.51.100.9");
                    using var response = await client.SendAsync(request, cancel);
                    if (response.StatusCode == HttpStatusCode.OK) acknowledged[eventId] = true;
                }
                return;
            }
            var number = int.Parse(visitor.Id[2..visitor.Id.IndexOf('-')]);
            for (var b = 0; b < BatchesEach; b++)
            {
                var batch = new List<Dictionary<string, object>>();
                for (var e = 0; e < EventsPerBatch; e++)
                {
                    var ev = new Dictionary<string, object>
                    {
                        ["siteKey"] = siteKey, ["visitorId"] = visitor.Id, ["eventId"] = $"{visitor.Id}-{b}-{e}",
                        ["type"] = "page_view", ["url"] = $"https://shop.example.com/docs/{b}/{e}",
                    };
                    if (b == 0 && e == EventsPerBatch - 1 && number % 5 < 2)
                    {
                        ev["type"] = "identify";
                        ev["email"] = $"pair{number / 5}-{run}@example.com";
                        ev.Remove("url");
                    }
                    batch.Add(ev);
                }
                using var response = await tlsClient.PostAsJsonAsync("/collect", batch, cancel);
                if (response.StatusCode != HttpStatusCode.Accepted) continue;
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancel);
                if (body.GetProperty("accepted").GetInt32() != batch.Count) continue;
                foreach (var ev in batch) acknowledged[(string)ev["eventId"]] = true;
            }
        });
        return acknowledged;
    }

    /// <summary>Who a visitor is in the audit: the email a pair of batch visitors share, else the visitor.</summary>
    private static string Person(string visitor)
    {
        if (!visitor.StartsWith("bt", StringComparison.Ordinal)) return visitor;
        var dash = visitor.IndexOf('-');
        var number = int.Parse(visitor[2..dash]);
        return number % 5 < 2 ? $"pair{number / 5}-{visitor[(dash + 1)..]}@example.com" : visitor;
    }

    /// <summary>
    /// A browser (not a bot) connecting from <see cref="ClientAddress"/>; over TLS it trusts only the
    /// balancer's certificate (pinned by its SHA-256) and speaks HTTP/2 when offered.
    /// </summary>
    private static HttpClient Client(Uri baseAddress, bool withApiKey, string? pinnedCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    pinnedCertificate is not null && certificate is not null &&
                    string.Equals(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), pinnedCertificate, StringComparison.OrdinalIgnoreCase),
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(ClientAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        if (withApiKey) client.DefaultRequestHeaders.Authorization = new("Bearer", NurtureApp.ApiKey);
        return client;
    }
}
