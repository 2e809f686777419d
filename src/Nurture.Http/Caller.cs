namespace Nurture.Http;

/// <summary>
/// Who is calling /api, as the access middleware found out from the Bearer key. Handlers that
/// need it (the sales scope, /api/auth/me, who creates a key) take it as a parameter.
/// </summary>
/// <param name="Kind">bootstrap (a configured key), api (a created key) or session (from sign-in).</param>
/// <param name="KeyId">The nurture_api_keys row; null for a bootstrap key.</param>
/// <param name="RepId">For sales: the hand-off rep whose leads they see; null sees none.</param>
/// <param name="Actor">How records of who did what name the caller: the user's email, else the key's prefix.</param>
public sealed record Caller(string Role, string Kind, Guid? KeyId, Guid? UserId, string? RepId, string Actor)
{
    public const string Bootstrap = "bootstrap";
    public const string ApiKind = "api";
    public const string Session = "session";

    public bool IsSales => Role == Roles.Sales;

    /// <summary>Minimal APIs bind a <see cref="Caller"/> parameter from what the middleware stored.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(Of(context));

    public static Caller? Of(HttpContext context) => context.Features.Get<Caller>();
}
