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
    [InlineData("Nurture__Cluster__Membership__ProbeTimeout", "fast", "Nurture:Cluster:Membership:ProbeTimeout")]
    [InlineData("Nurture__Cluster__Membership__NumVotesForDeathDeclaration", "0", "(Nurture:Cluster) do not fit together: ClusterMembershipOptions.NumVotesForDeathDeclaration")]
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
