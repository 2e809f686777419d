using Microsoft.AspNetCore.Builder;

namespace Nurture.Http.Tests;

/// <summary>The roles a route allows, as endpoint metadata: admin always, the listed roles, nobody else.</summary>
public sealed class AllowedRolesTests
{
    private sealed class Conventions : IEndpointConventionBuilder
    {
        public List<Action<EndpointBuilder>> Added { get; } = [];

        public void Add(Action<EndpointBuilder> convention) => Added.Add(convention);
    }

    [Fact]
    public void Allows_Admin_AlwaysAndTheListedRolesOnly()
    {
        var roles = new AllowedRoles([Roles.Marketer]);

        Assert.True(roles.Allows(Roles.Admin));
        Assert.True(roles.Allows(Roles.Marketer));
        Assert.False(roles.Allows(Roles.Sales));
        Assert.False(roles.Allows("root"));
    }

    [Fact]
    public void AllowRoles_UnknownRole_IsRefusedWhenTheRouteIsMapped() =>
        Assert.Throws<ArgumentException>(() => new Conventions().AllowRoles(Roles.Marketer, "Marketer"));

    [Fact]
    public void Rank_OrdersAdminAboveMarketerAboveSales()
    {
        Assert.True(Roles.Rank(Roles.Admin) > Roles.Rank(Roles.Marketer));
        Assert.True(Roles.Rank(Roles.Marketer) > Roles.Rank(Roles.Sales));
        Assert.Equal(0, Roles.Rank("guest"));
    }
}
