using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nurture.Outbound.Tests;

/// <summary>The save-time check of a URL, with a resolver that answers what each test says.</summary>
public sealed class OutboundUrlCheckTests
{
    private sealed class FixedResolver(Dictionary<string, string[]> answers) : IHostResolver
    {
        public int Lookups { get; private set; }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Lookups++;
            return answers.TryGetValue(host, out var addresses)
                ? Task.FromResult(addresses.Select(IPAddress.Parse).ToArray())
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }

    private static (OutboundUrlCheck Check, FixedResolver Resolver) Check(Dictionary<string, string[]>? answers = null, string[]? allowedHosts = null)
    {
        var resolver = new FixedResolver(answers ?? []);
        var policy = new OutboundPolicy(Options.Create(new OutboundOptions { AllowedHosts = [.. allowedHosts ?? []] }));
        return (new OutboundUrlCheck(policy, resolver, NullLogger<OutboundUrlCheck>.Instance), resolver);
    }

    [Fact]
    public async Task ProblemAsync_PublicName_IsNone()
    {
        var (check, _) = Check(new() { ["hooks.example.com"] = ["93.184.216.34"] });

        Assert.Null(await check.ProblemAsync("https://hooks.example.com/x", CancellationToken.None));
    }

    [Fact]
    public async Task ProblemAsync_NameWithOneInternalAnswer_IsRefused()
    {
        var (check, _) = Check(new() { ["mixed.example.com"] = ["93.184.216.34", "10.0.0.5"] });

        Assert.Equal("resolves to a private address (10.0.0.5); Nurture does not call internal addresses unless Nurture:Outbound:AllowedHosts or Nurture:Outbound:AllowedNetworks allows it",
            await check.ProblemAsync("https://mixed.example.com/x", CancellationToken.None));
    }

    [Fact]
    public async Task ProblemAsync_AllowedHost_ReachesItsInternalAddress()
    {
        var (check, _) = Check(new() { ["hooks.intranet.example"] = ["10.0.0.5"] }, allowedHosts: ["hooks.intranet.example"]);

        Assert.Null(await check.ProblemAsync("http://hooks.intranet.example:8080/x", CancellationToken.None));
    }

    [Fact]
    public async Task ProblemAsync_LiteralAddressInAnySpelling_IsRefusedWithoutALookup()
    {
        var (check, resolver) = Check();

        Assert.StartsWith("points to a loopback address (127.0.0.1)", await check.ProblemAsync("http://0x7f000001/x", CancellationToken.None));
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public async Task ProblemAsync_MetadataName_IsRefusedWithoutALookup()
    {
        var (check, resolver) = Check();

        Assert.Equal("names a cloud metadata service (metadata.google.internal); Nurture never calls cloud metadata services",
            await check.ProblemAsync("http://metadata.google.internal/computeMetadata/v1/", CancellationToken.None));
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public async Task ProblemAsync_NameThatDoesNotResolve_IsAccepted_BecauseEveryCallChecksAgain()
    {
        var (check, resolver) = Check();

        Assert.Null(await check.ProblemAsync("https://not-yet.example.com/x", CancellationToken.None));
        Assert.Equal(1, resolver.Lookups);
    }
}
