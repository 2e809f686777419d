using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nurture.Ingest.Pipeline;

namespace Nurture.Ingest.Tests.Pipeline;

public sealed class IdentifyLimitsTests
{
    private static readonly Guid Site = Guid.NewGuid();
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private IdentifyLimits Limits(int perVisitor = 2, int perClient = 20) => new(Options.Create(new PublicLimitOptions
    {
        EmailsPerVisitor = perVisitor, VisitorEmailWindow = TimeSpan.FromDays(1),
        EmailsPerClient = perClient, ClientEmailWindow = TimeSpan.FromHours(1),
    }), time);

    [Fact]
    public void Check_AVisitorsThirdDifferentEmail_IsRefused_TheFirstTwoStayFine()
    {
        var limits = Limits();
        Assert.Null(limits.Check(Site, "v", Client, "a@example.com"));
        Assert.Null(limits.Check(Site, "v", Client, "b@example.com"));
        Assert.Null(limits.Check(Site, "v", Client, "a@example.com"));
        Assert.Equal("visitor", limits.Check(Site, "v", Client, "c@example.com"));
        // Another visitor of the same site is counted apart.
        Assert.Null(limits.Check(Site, "w", Client, "c@example.com"));
    }

    [Fact]
    public void Check_AfterTwoWindows_AVisitorMayUseANewEmail()
    {
        var limits = Limits();
        limits.Check(Site, "v", Client, "a@example.com");
        limits.Check(Site, "v", Client, "b@example.com");
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        // Still counted: the previous window's emails hold for a second window.
        Assert.Equal("visitor", limits.Check(Site, "v", Client, "c@example.com"));
        time.Advance(TimeSpan.FromDays(1));
        Assert.Null(limits.Check(Site, "v", Client, "c@example.com"));
    }

    [Fact]
    public void Check_ManyVisitorsFromOneAddress_AreRefusedPastTheClientLimit()
    {
        var limits = Limits(perClient: 5);
        for (var i = 0; i < 5; i++) Assert.Null(limits.Check(Site, $"v{i}", Client, $"p{i}@example.com"));
        Assert.Equal("client", limits.Check(Site, "v9", Client, "p9@example.com"));
        Assert.Null(limits.Check(Site, "v9", IPAddress.Parse("198.51.100.1"), "p9@example.com"));
    }

    [Fact]
    public void Check_ZeroTurnsALimitOff()
    {
        var limits = Limits(perVisitor: 0, perClient: 0);
        for (var i = 0; i < 100; i++) Assert.Null(limits.Check(Site, "v", Client, $"p{i}@example.com"));
    }
}
