namespace Nurture.Server.Access;

/// <summary>A console user as the API shows it (the password hash stays in the store).</summary>
public sealed record User(
    Guid Id, string Email, string DisplayName, string Role, string? RepId, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt,
    bool WeeklyDigest = false);
