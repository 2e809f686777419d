using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>A server started with a bad configuration stops at once and names the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Nurture__ApiKeys__0", null, "Nurture:ApiKeys")]
    [InlineData("ConnectionStrings__Postgres", null, "ConnectionStrings:Postgres")]
    [InlineData("Nurture__ClickHouse__Url", "not a url", "Nurture:ClickHouse:Url")]
    [InlineData("Nurture__Spool__Directory", "", "Nurture:Spool:Directory")]
    [InlineData("Nurture__TrustedProxies__0", "the-balancer", "Nurture:TrustedProxies:0")]
    [InlineData("Nurture__ClickHouse__Replicated", "true", "Nurture:ClickHouse:Replicated needs Nurture:ClickHouse:Cluster")]
    [InlineData("Nurture__Leads__WriteAfter", "soon", "Nurture:Leads:WriteAfter")]
    [InlineData("Nurture__Email__ScannerClickWindow", "-00:00:01", "Nurture:Email:ScannerClickWindow must be from 00:00:00 to 01:00:00")]
    [InlineData("Nurture__Email__ProxyOpenWindow", "02:00:00", "Nurture:Email:ProxyOpenWindow must be from 00:00:00 to 01:00:00")]
    [InlineData("Nurture__Cluster__Membership__ProbeTimeout", "fast", "Nurture:Cluster:Membership:ProbeTimeout")]
    [InlineData("Nurture__Cluster__Membership__NumVotesForDeathDeclaration", "0", "(Nurture:Cluster) do not fit together: ClusterMembershipOptions.NumVotesForDeathDeclaration")]
    [InlineData("Nurture__Handoff__WebhookUrl", "http://localhost:9/hook", "Nurture:Handoff:WebhookUrl resolves to a loopback address")]
    [InlineData("Nurture__Handoff__WebhookUrl", "http://169.254.169.254/latest/meta-data/", "Nurture:Handoff:WebhookUrl points to a cloud metadata address (169.254.169.254)")]
    [InlineData("Nurture__Handoff__WebhookUrl", "http://0x7f000001:58123/", "Nurture:Handoff:WebhookUrl points to a loopback address (127.0.0.1)")]
    [InlineData("Nurture__Outbound__AllowedNetworks__0", "10.0.0.7/8", "Nurture:Outbound:AllowedNetworks:0 ('10.0.0.7/8') has bits set past its prefix")]
    [InlineData("Nurture__Outbound__AllowedHosts__0", "metadata.google.internal", "Nurture:Outbound:AllowedHosts:0 ('metadata.google.internal') names a cloud metadata service")]
    [InlineData("Nurture__Dashboard__TimeZone", "Tokyo Standard Time", "Nurture:Dashboard:TimeZone ('Tokyo Standard Time') must be an IANA time zone")]
    [InlineData("Nurture__Dashboard__TimeZone", "Mars/Olympus_Mons", "Nurture:Dashboard:TimeZone ('Mars/Olympus_Mons') must be an IANA time zone")]
    [InlineData("Nurture__Dashboard__DigestHour", "24", "Nurture:Dashboard:DigestHour must be an hour from 0 to 23")]
    [InlineData("Nurture__Dashboard__DigestDay", "Someday", "Nurture:Dashboard:DigestDay")]
    public async Task BadSetting_ExitsNonZero_NamingIt(string variable, string? value, string named)
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var server = cluster.AddServer();
        server.SetEnvironment(variable, value);
        var exitCode = await server.RunToExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, server.Output);
    }
}
