using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Nurture.Outbound.Tests;

/// <summary>The policy, its settings and its words, without a host.</summary>
public sealed class OutboundPolicyTests
{
    private static OutboundPolicy Policy(string[]? hosts = null, string[]? networks = null) =>
        new(Options.Create(new OutboundOptions { AllowedHosts = [.. hosts ?? []], AllowedNetworks = [.. networks ?? []] }));

    [Fact]
    public void Check_WithNothingAllowed_LetsOnlyPublicAddressesThrough()
    {
        var policy = Policy();
        Assert.Null(policy.Check(IPAddress.Parse("8.8.8.8"), null));
        Assert.Null(policy.Check(IPAddress.Parse("2606:4700:4700::1111"), "one.one.one.one"));
        Assert.Equal(AddressKind.Loopback, policy.Check(IPAddress.Loopback, null)?.Kind);
        Assert.Equal(AddressKind.Private, policy.Check(IPAddress.Parse("10.0.0.1"), "intranet.example")?.Kind);
    }

    [Fact]
    public void Check_AllowedNetwork_LetsItsAddressesThrough_AndNoOthers()
    {
        var policy = Policy(networks: ["10.0.5.0/24", "127.0.0.1", "fd12:3456::/48"]);
        Assert.Null(policy.Check(IPAddress.Parse("10.0.5.7"), null));
        Assert.Null(policy.Check(IPAddress.Parse("::ffff:10.0.5.7"), null));
        Assert.Null(policy.Check(IPAddress.Parse("10.0.5.7"), "hooks.intranet.example"));
        Assert.Null(policy.Check(IPAddress.Parse("127.0.0.1"), null));
        Assert.Null(policy.Check(IPAddress.Parse("fd12:3456::9"), null));
        Assert.NotNull(policy.Check(IPAddress.Parse("10.0.6.1"), null));
        Assert.NotNull(policy.Check(IPAddress.Parse("127.0.0.2"), null));
        Assert.NotNull(policy.Check(IPAddress.IPv6Loopback, null));
        Assert.NotNull(policy.Check(IPAddress.Parse("fd12:3457::9"), null));
    }

    [Fact]
    public void Check_AllowedHost_ReachesInternalAddresses_OnlyUnderItsOwnName()
    {
        var policy = Policy(hosts: ["Hooks.Intranet.Example."]);
        Assert.Null(policy.Check(IPAddress.Parse("10.0.0.9"), "hooks.intranet.example"));
        Assert.Null(policy.Check(IPAddress.Parse("10.0.0.9"), "HOOKS.INTRANET.EXAMPLE."));
        Assert.NotNull(policy.Check(IPAddress.Parse("10.0.0.9"), "other.intranet.example"));
        Assert.NotNull(policy.Check(IPAddress.Parse("10.0.0.9"), null));
    }

    [Fact]
    public void Check_CloudMetadata_IsRefused_WhateverIsAllowed()
    {
        var policy = Policy(hosts: ["hooks.intranet.example"], networks: ["0.0.0.0/0", "::/0"]);
        Assert.Null(policy.Check(IPAddress.Parse("10.0.0.1"), null));
        foreach (var metadata in new[] { "169.254.169.254", "::ffff:169.254.169.254", "fd00:ec2::254", "100.100.100.200" })
        {
            Assert.Equal(AddressKind.CloudMetadata, policy.Check(IPAddress.Parse(metadata), null)?.Kind);
            Assert.Equal(AddressKind.CloudMetadata, policy.Check(IPAddress.Parse(metadata), "hooks.intranet.example")?.Kind);
        }
    }

    [Fact]
    public void Refusal_InWords_NamesTheAddressTheKindAndTheSetting()
    {
        var literal = new OutboundRefusal(null, IPAddress.Loopback, AddressKind.Loopback);
        Assert.Equal("points to a loopback address (127.0.0.1); Nurture does not call internal addresses unless Nurture:Outbound:AllowedNetworks allows it", literal.ForSaving());
        Assert.Equal("refused: 127.0.0.1 is a loopback address", literal.ForConnection());

        var named = new OutboundRefusal("intranet.example", IPAddress.Parse("10.1.2.3"), AddressKind.Private);
        Assert.Equal("resolves to a private address (10.1.2.3); Nurture does not call internal addresses unless Nurture:Outbound:AllowedHosts or Nurture:Outbound:AllowedNetworks allows it", named.ForSaving());
        Assert.Equal("refused: intranet.example resolves only to internal addresses (10.1.2.3 is a private address)", named.ForConnection());

        var metadata = new OutboundRefusal(null, IPAddress.Parse("169.254.169.254"), AddressKind.CloudMetadata);
        Assert.Equal("points to a cloud metadata address (169.254.169.254); Nurture never calls cloud metadata services", metadata.ForSaving());
        Assert.Equal("names a cloud metadata service (metadata.google.internal); Nurture never calls cloud metadata services", OutboundRefusal.MetadataName("metadata.google.internal").ForSaving());
        Assert.Equal("refused: metadata.google.internal is a cloud metadata service", OutboundRefusal.MetadataName("metadata.google.internal").ForConnection());
    }

    [Theory]
    [InlineData("metadata", true)]
    [InlineData("metadata.google.internal", true)]
    [InlineData("METADATA.GOOGLE.INTERNAL.", true)]
    [InlineData("metadata.goog", true)]
    [InlineData("instance-data", true)]
    [InlineData("instance-data.ec2.internal", true)]
    [InlineData("instance-data.eu-west-1.compute.internal", true)]
    [InlineData("metadata.example.com", false)]
    [InlineData("hooks.slack.com", false)]
    public void MetadataHosts_Contains_KnowsTheNames(string host, bool metadata) => Assert.Equal(metadata, MetadataHosts.Contains(host));

    [Theory]
    [InlineData(new[] { "hooks.intranet.example" }, new[] { "10.0.5.0/24", "10.0.5.7", "fd12:3456::/48", "::1" }, null)]
    [InlineData(new[] { "10.0.0.1" }, new string[0], "Nurture:Outbound:AllowedHosts:0 ('10.0.0.1') is an address: allow it with Nurture:Outbound:AllowedNetworks")]
    [InlineData(new[] { "https://hooks.example/" }, new string[0], "Nurture:Outbound:AllowedHosts:0 ('https://hooks.example/') must be a host name")]
    [InlineData(new[] { "*.intranet.example" }, new string[0], "Nurture:Outbound:AllowedHosts:0 ('*.intranet.example') must be a host name")]
    [InlineData(new[] { "ok.example", "metadata.google.internal" }, new string[0], "Nurture:Outbound:AllowedHosts:1 ('metadata.google.internal') names a cloud metadata service")]
    [InlineData(new string[0], new[] { "10.0.0.7/8" }, "Nurture:Outbound:AllowedNetworks:0 ('10.0.0.7/8') has bits set past its prefix: write 10.0.0.0/8 for the network, or 10.0.0.7 alone for one address")]
    [InlineData(new string[0], new[] { "intranet" }, "Nurture:Outbound:AllowedNetworks:0 ('intranet') must be an IP address or a CIDR network such as 10.0.5.0/24")]
    [InlineData(new string[0], new[] { "10.0.0.0/33" }, "Nurture:Outbound:AllowedNetworks:0 ('10.0.0.0/33') must be an IP address or a CIDR network")]
    [InlineData(new string[0], new[] { "::ffff:10.0.0.1" }, "Nurture:Outbound:AllowedNetworks:0 ('::ffff:10.0.0.1') is an IPv4 address written as IPv6: write 10.0.0.1")]
    public void Options_Validate_NamesTheBadEntry(string[] hosts, string[] networks, string? expected)
    {
        var options = new OutboundOptions { AllowedHosts = [.. hosts], AllowedNetworks = [.. networks] };
        var results = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();
        if (expected is null) Assert.Empty(results);
        else Assert.StartsWith(expected, Assert.Single(results));
    }
}
