namespace Nurture.Http;

/// <summary>
/// Endpoint metadata: the roles that may call a route under /api. Put on a group, it covers the
/// group's routes; put on a route too, the route's wins (the access middleware reads the last one).
/// Admin may call everything, listed or not. A route without it is admin-only and fails the route
/// walk test (tests/Nurture.Server.FunctionalTests/Access/RouteWalkTests.cs).
/// </summary>
public sealed class AllowedRoles(IReadOnlyList<string> roles)
{
    public IReadOnlyList<string> Roles { get; } = roles;

    public bool Allows(string role) => role == Nurture.Http.Roles.Admin || Roles.Contains(role);
}

public static class AllowedRolesExtensions
{
    /// <summary><c>.AllowRoles(Roles.Admin, Roles.Marketer)</c> on a route or a group.</summary>
    public static TBuilder AllowRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var role in roles)
        {
            if (!Roles.IsKnown(role)) throw new ArgumentException($"'{role}' is not a role", nameof(roles));
        }
        return builder.WithMetadata(new AllowedRoles(roles));
    }
}
