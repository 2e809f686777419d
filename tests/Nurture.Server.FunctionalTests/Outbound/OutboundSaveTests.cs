using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>A rep's webhook and Slack URLs are refused when saved if they point inside, in any spelling.</summary>
[Collection(OutboundHost.Name)]
public sealed class OutboundSaveTests(OutboundApp app)
{
    private const string Advice = "; Nurture does not call internal addresses unless Nurture:Outbound:AllowedNetworks allows it";

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "points to a cloud metadata address (169.254.169.254); Nurture never calls cloud metadata services")]
    [InlineData("http://127.0.0.1:58123/?query=SELECT%201", "points to a loopback address (127.0.0.1)" + Advice)]
    [InlineData("http://[::1]/", "points to a loopback address (::1)" + Advice)]
    [InlineData("http://0x7f000001/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://2130706433/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://0177.0.0.1/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://127.1/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://017700000001/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://127.0.0.1./", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://１２７.0.0.1/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://[::ffff:127.0.0.1]:8080/", "points to a loopback address (127.0.0.1)")]
    [InlineData("http://[64:ff9b::7f00:1]/", "points to a loopback address (64:ff9b::7f00:1)")]
    [InlineData("http://[2002:7f00:1::]/", "points to a loopback address (2002:7f00:1::)")]
    [InlineData("http://10.0.0.1/", "points to a private address (10.0.0.1)" + Advice)]
    [InlineData("https://172.16.0.1/hook", "points to a private address (172.16.0.1)")]
    [InlineData("https://192.168.1.1/hook", "points to a private address (192.168.1.1)")]
    [InlineData("http://[fd00::1]/", "points to a unique-local address (fd00::1)")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "points to a cloud metadata address (fd00:ec2::254)")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "points to a cloud metadata address (169.254.169.254)")]
    [InlineData("http://100.100.100.200/latest/meta-data/", "points to a cloud metadata address (100.100.100.200)")]
    [InlineData("http://169.254.10.1/", "points to a link-local address (169.254.10.1)")]
    [InlineData("http://[fe80::1%25eth0]/", "points to a link-local address (fe80::1")]
    [InlineData("http://100.64.0.1/", "points to a carrier-grade NAT address (100.64.0.1)")]
    [InlineData("http://0.0.0.0:8080/", "points to an unspecified address (0.0.0.0)")]
    [InlineData("http://0/", "points to an unspecified address (0.0.0.0)")]
    [InlineData("http://[::]/", "points to an unspecified address (::)")]
    [InlineData("http://224.0.0.1/", "points to a multicast address (224.0.0.1)")]
    [InlineData("http://[ff02::1]/", "points to a multicast address (ff02::1)")]
    [InlineData("http://255.255.255.255/", "points to the broadcast address (255.255.255.255)")]
    [InlineData("http://240.0.0.1/", "points to a reserved address (240.0.0.1)")]
    [InlineData("http://[fec0::1]/", "points to a site-local address (fec0::1)")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "names a cloud metadata service (metadata.google.internal); Nurture never calls cloud metadata services")]
    [InlineData("http://METADATA.google.internal./computeMetadata/v1/", "names a cloud metadata service (metadata.google.internal)")]
    [InlineData("http://metadata/computeMetadata/v1/", "names a cloud metadata service (metadata)")]
    [InlineData("http://instance-data/latest/meta-data/", "names a cloud metadata service (instance-data)")]
    [InlineData("https://intranet.test/hook", "resolves to a private address (10.1.2.3); Nurture does not call internal addresses unless Nurture:Outbound:AllowedHosts or Nurture:Outbound:AllowedNetworks allows it")]
    [InlineData("https://split.test/hook", "resolves to a private address (192.168.0.7)")]
    public async Task CreateRep_WithAnInternalUrl_Is400NamingTheFieldAndWhy(string url, string reason)
    {
        foreach (var field in new[] { "webhookUrl", "slackWebhookUrl" })
        {
            var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/reps",
                new Dictionary<string, object> { ["name"] = "Eve", ["email"] = "eve@sales.example", ["capacity"] = 1, [field] = url });
            Assert.Equal(400, status);
            var problem = ProblemBody.Of(status, body);
            Assert.Equal("$." + field, problem.Key);
            Assert.StartsWith(reason, Assert.Single(problem.At("$." + field)));
        }
    }

    [Fact]
    public async Task UpdateRep_ToAnInternalUrl_Is400AndKeepsTheOldOne()
    {
        var (created, _) = await app.SendJsonAsync(HttpMethod.Post, "/api/reps",
            new { id = "upd", name = "Una", email = "una@sales.example", capacity = 1, webhookUrl = "https://public.test/hook" });
        Assert.Equal(201, created);
        var (status, body) = await app.SendJsonAsync(HttpMethod.Put, "/api/reps/upd",
            new { name = "Una", email = "una@sales.example", capacity = 1, webhookUrl = "http://2130706433:58123/" });
        Assert.Equal(400, status);
        Assert.Equal("$.webhookUrl", ProblemBody.Of(status, body).Key);
        var (_, rep) = await app.SendJsonAsync(HttpMethod.Get, "/api/reps/upd");
        Assert.Equal("https://public.test/hook", rep.GetProperty("webhookUrl").GetString());
    }

    /// <summary>
    /// Public names and addresses, the allowed network and host, and a name that does not resolve (yet): it
    /// is accepted, since every call resolves it again and refuses an internal answer then.
    /// </summary>
    [Theory]
    [InlineData("https://public.test/hook")]
    [InlineData("https://93.184.215.14/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("https://hooks.nowhere.invalid/hook")]
    [InlineData("http://127.0.0.2:9/hook")]
    [InlineData("http://hooks.allowed.test:9/hook")]
    public async Task CreateRep_WithAPublicUnresolvedOrAllowedUrl_IsSaved(string url)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/reps",
            new { name = "Pat", email = "pat@sales.example", capacity = 1, webhookUrl = url, slackWebhookUrl = url });
        Assert.True(status == 201, body.ValueKind == JsonValueKind.Undefined ? "" : body.ToString());
    }
}
