namespace Nurture.Server.Access;

/// <summary>A key as lists show it: never the secret, never its hash.</summary>
public sealed record ApiKey(
    Guid Id, string Kind, string Name, string Prefix, string Role, Guid? UserId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
