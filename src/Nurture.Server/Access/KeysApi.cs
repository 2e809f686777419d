using System.Globalization;
using Nurture.Http;

namespace Nurture.Server.Access;

/// <summary>API keys (admin only): create (the secret is in that answer only), list, revoke.</summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Access").AllowRoles(Roles.Admin);
        keys.MapPost("/", CreateAsync);
        keys.MapGet("/", async (ApiKeyStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        keys.MapDelete("/{id}", RevokeAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, Caller caller, ApiKeyStore keys, UserStore users, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var name = body.String("name", 200, required: true);
            var role = body.String("role", 20, required: true);
            if (role is not null && !Roles.IsKnown(role)) Fail(body, "role", $"must be one of {string.Join(", ", Roles.All)}", ref role);
            if (role is not null && Roles.Rank(role) > Roles.Rank(caller.Role)) Fail(body, "role", $"must not exceed your own role ({caller.Role})", ref role);

            User? user = null;
            if (body.String("userId", 64, required: false) is { } userText)
            {
                user = Guid.TryParse(userText, out var userId) ? await users.GetAsync(userId, ct) : null;
                if (user is null) body.Error("userId", "is not a known user id");
                else if (user.DisabledAt is not null) body.Error("userId", "is a disabled user");
                else if (role is not null && Roles.Rank(role) > Roles.Rank(user.Role)) body.Error("role", $"must not exceed the user's role ({user.Role})");
            }
            else if (role == Roles.Sales)
            {
                // Sales see their rep's leads, and the rep comes from the user: without one the key could see nothing.
                body.Error("userId", "is required for a sales key: the sales user (linked to a rep) it acts for");
            }

            DateTimeOffset? expiresAt = null;
            if (body.String("expiresAt", 64, required: false) is { } expiresText)
            {
                if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    body.Error("expiresAt", "must be an ISO 8601 time, for example 2027-01-31T00:00:00Z");
                else if (parsed <= time.GetUtcNow()) body.Error("expiresAt", "must be in the future");
                else expiresAt = parsed;
            }
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);

            var (key, secret) = await keys.CreateAsync(Caller.ApiKind, name!, role!, user?.Id, expiresAt, ct);
            return TypedResults.Created($"/api/keys/{key.Id}", new
            {
                key.Id, key.Kind, key.Name, key.Prefix, key.Role, key.UserId, key.CreatedAt, key.ExpiresAt,
                // The only time the secret is shown: it is not stored, only its hash.
                key = secret,
            });
        }
    }

    private static async Task<IResult> RevokeAsync(string id, ApiKeyStore keys, KeyAuthenticator authenticator, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var keyId)) return ApiErrors.BadRequest("id", "must be a key id (a UUID)");
        if (!await keys.RevokeAsync(keyId, ct)) return ApiErrors.NotFound("The key");
        authenticator.Forget();
        return TypedResults.NoContent();
    }

    private static void Fail(JsonBody body, string field, string reason, ref string? value)
    {
        body.Error(field, reason);
        value = null;
    }
}
