using System.Net;

namespace Nurture.Outbound.Tests;

/// <summary>The classifier alone (no test stack needed): a table of addresses and what each is.</summary>
public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("1.1.1.1", AddressKind.Public)]
    [InlineData("11.0.0.1", AddressKind.Public)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("100.128.0.1", AddressKind.Public)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("10.0.0.1", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("169.254.1.1", AddressKind.LinkLocal)]
    [InlineData("169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("169.254.170.2", AddressKind.CloudMetadata)]
    [InlineData("100.100.100.200", AddressKind.CloudMetadata)]
    [InlineData("100.64.0.1", AddressKind.CarrierGradeNat)]
    [InlineData("100.127.255.254", AddressKind.CarrierGradeNat)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.1.2.3", AddressKind.Unspecified)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.250", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Broadcast)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("192.0.0.8", AddressKind.Reserved)]
    [InlineData("192.0.2.1", AddressKind.Documentation)]
    [InlineData("198.51.100.7", AddressKind.Documentation)]
    [InlineData("203.0.113.9", AddressKind.Documentation)]
    [InlineData("198.18.0.1", AddressKind.Benchmarking)]
    [InlineData("198.19.255.1", AddressKind.Benchmarking)]
    [InlineData("2606:4700:4700::1111", AddressKind.Public)]
    [InlineData("2001:4860:4860::8888", AddressKind.Public)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:7f00:2", AddressKind.Loopback)]
    [InlineData("::ffff:10.0.0.1", AddressKind.Private)]
    [InlineData("::ffff:169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("::127.0.0.1", AddressKind.Loopback)]        // IPv4-compatible
    [InlineData("::8.8.8.8", AddressKind.Reserved)]          // IPv4-compatible: nobody uses them, whatever they carry
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)]    // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe", AddressKind.CloudMetadata)]
    [InlineData("64:ff9b::808:808", AddressKind.Public)]
    [InlineData("64:ff9b:1::1", AddressKind.Private)]
    [InlineData("2002:7f00:1::", AddressKind.Loopback)]      // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::1", AddressKind.Private)]    // 6to4 of 192.168.1.1
    [InlineData("2002:808:808::1", AddressKind.Public)]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", AddressKind.Loopback)] // Teredo, client 127.0.0.1 (inverted)
    [InlineData("fd00::1", AddressKind.UniqueLocal)]
    [InlineData("fc00::1", AddressKind.UniqueLocal)]
    [InlineData("fd00:ec2::254", AddressKind.CloudMetadata)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("fe80::1%2", AddressKind.LinkLocal)]
    [InlineData("fec0::1", AddressKind.SiteLocal)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("ff05::2", AddressKind.Multicast)]
    [InlineData("2001:db8::1", AddressKind.Documentation)]
    [InlineData("3fff::1", AddressKind.Documentation)]
    [InlineData("2001:2::1", AddressKind.Benchmarking)]
    [InlineData("100::1", AddressKind.Reserved)]
    public void Classify_Address_IsItsKind(string address, AddressKind kind) =>
        Assert.Equal(kind, AddressClassifier.Classify(IPAddress.Parse(address)));

    /// <summary>How .NET's Uri reads a URL's host, then what the policy makes of it: every spelling of 127.0.0.1 is 127.0.0.1.</summary>
    [Theory]
    [InlineData("http://0x7f000001/", "127.0.0.1")]
    [InlineData("http://2130706433/", "127.0.0.1")]
    [InlineData("http://0177.0.0.1/", "127.0.0.1")]
    [InlineData("http://127.1/", "127.0.0.1")]
    [InlineData("http://017700000001/", "127.0.0.1")]
    [InlineData("http://0x7f.0.0.1/", "127.0.0.1")]
    [InlineData("http://127.000.000.001/", "127.0.0.1")]
    [InlineData("http://127.0.0.1./", "127.0.0.1")]         // Uri keeps it as a name; the root dot goes
    [InlineData("http://１２７.0.0.1/", "127.0.0.1")]        // full-width digits: IdnHost folds them
    [InlineData("http://0/", "0.0.0.0")]
    [InlineData("http://[::1]/", "::1")]
    [InlineData("http://[::ffff:7f00:1]/", "::ffff:127.0.0.1")]
    [InlineData("http://[0:0:0:0:0:ffff:127.0.0.1]/", "::ffff:127.0.0.1")]
    [InlineData("http://[fe80::1%25eth0]/", "fe80::1")]
    public void TryParseLiteral_UrlHostInAnySpelling_IsTheAddress(string url, string expected)
    {
        var host = new Uri(url).IdnHost;
        Assert.True(OutboundPolicy.TryParseLiteral(host, out var address), host);
        Assert.Equal(IPAddress.Parse(expected).GetAddressBytes(), address.GetAddressBytes());
        Assert.NotEqual(AddressKind.Public, AddressClassifier.Classify(address));
    }

    /// <summary>The host as SocketsHttpHandler hands it to the connect callback: IPv6 in brackets, the zone escaped.</summary>
    [Theory]
    [InlineData("[::1]", "::1")]
    [InlineData("[::ffff:127.0.0.1]", "::ffff:127.0.0.1")]
    [InlineData("[fe80::1%25eth0]", "fe80::1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void TryParseLiteral_ConnectCallbackHost_IsTheAddress(string host, string expected)
    {
        Assert.True(OutboundPolicy.TryParseLiteral(host, out var address));
        Assert.Equal(IPAddress.Parse(expected).GetAddressBytes(), address.GetAddressBytes());
    }

    [Theory]
    [InlineData("hooks.example.com")]
    [InlineData("localhost")]
    [InlineData("1.1.1.1.1")]
    [InlineData("256.0.0.1")]
    public void TryParseLiteral_HostName_IsNotAnAddress(string host) => Assert.False(OutboundPolicy.TryParseLiteral(host, out _));
}
