using Nurture.Http;
using Nurture.Handoff.Reps;

namespace Nurture.Server.Access;

/// <summary>Console users (admin only): create, list, change role, display name, rep link, weekly digest or disable, set a password.</summary>
public static class UsersApi
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 1024;

    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Access").AllowRoles(Roles.Admin).ProducesProblems(StatusCodes.Status409Conflict);
        users.MapPost("/", CreateAsync);
        users.MapGet("/", async (UserStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        users.MapGet("/{id}", async (string id, UserStore store, CancellationToken ct) =>
            Guid.TryParse(id, out var userId) && await store.GetAsync(userId, ct) is { } user ? TypedResults.Ok(user) : ApiErrors.NotFound("The user"));
        users.MapPut("/{id}", UpdateAsync);
        users.MapPost("/{id}/password", SetPasswordAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, UserStore users, RepStore reps, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var email = Email(body);
            var role = Role(body, required: true);
            var displayName = body.String("displayName", 200, required: false);
            var password = Password(body);
            var repId = await RepAsync(body, reps, ct);
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            var hash = await PasswordHasher.HashAsync(password!, ct);
            var user = await users.CreateAsync(email!, displayName ?? email!, role!, repId, hash, ct);
            return user is null
                ? ApiErrors.Problem(StatusCodes.Status409Conflict, [new(JsonBody.PathOf("email"), "is taken")], "A user with that email exists.")
                : TypedResults.Created($"/api/users/{user.Id}", user);
        }
    }

    /// <summary>Changes only the fields present in the body; <c>"repId": null</c> unlinks the rep.</summary>
    private static async Task<IResult> UpdateAsync(
        string id, HttpRequest request, UserStore users, RepStore reps, ApiKeyStore keys, KeyAuthenticator authenticator, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var userId)) return ApiErrors.BadRequest("id", "must be a user id (a UUID)");
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var current = await users.GetAsync(userId, ct);
            if (current is null) return ApiErrors.NotFound("The user");
            var displayName = body.Has("displayName") ? body.String("displayName", 200, required: true) : current.DisplayName;
            var role = body.Has("role") ? Role(body, required: true) : current.Role;
            var repId = body.Has("repId") ? await RepAsync(body, reps, ct) : current.RepId;
            var disabled = body.Has("disabled") ? body.Boolean("disabled") ?? Missing(body, "disabled") : current.DisabledAt is not null;
            var weeklyDigest = body.Has("weeklyDigest") ? body.Boolean("weeklyDigest") ?? Missing(body, "weeklyDigest") : current.WeeklyDigest;
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            var user = await users.UpdateAsync(userId, displayName!, role!, repId, disabled, ct);
            if (user is not null && weeklyDigest != user.WeeklyDigest) user = await users.SetWeeklyDigestAsync(userId, weeklyDigest, ct);
            if (user is null) return ApiErrors.NotFound("The user");
            if (disabled) await keys.RevokeSessionsAsync(userId, ct);
            authenticator.Forget();
            return TypedResults.Ok(user);
        }
    }

    /// <summary>Sets a new password and ends the user's sessions.</summary>
    private static async Task<IResult> SetPasswordAsync(
        string id, HttpRequest request, UserStore users, ApiKeyStore keys, KeyAuthenticator authenticator, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var userId)) return ApiErrors.BadRequest("id", "must be a user id (a UUID)");
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var password = Password(body);
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            if (!await users.SetPasswordAsync(userId, await PasswordHasher.HashAsync(password!, ct), ct)) return ApiErrors.NotFound("The user");
            await keys.RevokeSessionsAsync(userId, ct);
            authenticator.Forget();
            return TypedResults.NoContent();
        }
    }

    /// <summary>
    /// Trimmed and lower-cased; one '@' with something on each side, no spaces or mail-header
    /// punctuation. Looser than lead emails on purpose: admin@localhost is a fine console login.
    /// </summary>
    internal static string? NormaliseEmail(string? text)
    {
        if (text is null) return null;
        var email = text.Trim().ToLowerInvariant();
        var at = email.IndexOf('@');
        if (email.Length > 254 || at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1) return null;
        return email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '\\' or '(' or ')') ? null : email;
    }

    private static string? Email(JsonBody body)
    {
        var text = body.String("email", 254, required: true);
        if (text is null) return null;
        if (NormaliseEmail(text) is { } email) return email;
        body.Error("email", "must be an email address such as ann@example.com");
        return null;
    }

    private static string? Role(JsonBody body, bool required)
    {
        var role = body.String("role", 20, required);
        if (role is null || Roles.IsKnown(role)) return role;
        body.Error("role", $"must be one of {string.Join(", ", Roles.All)}");
        return null;
    }

    private static string? Password(JsonBody body)
    {
        var password = body.String("password", MaxPasswordLength, required: true, trim: false);
        if (password is null || password.Length >= MinPasswordLength) return password;
        body.Error("password", $"must be at least {MinPasswordLength} characters");
        return null;
    }

    /// <summary>The rep to link (null: none); an unknown rep is an error.</summary>
    private static async Task<string?> RepAsync(JsonBody body, RepStore reps, CancellationToken ct)
    {
        var repId = body.String("repId", 64, required: false);
        if (repId is null || await reps.GetAsync(repId, ct) is not null) return repId;
        body.Error("repId", "is not a known rep (POST /api/reps creates one)");
        return null;
    }

    private static bool Missing(JsonBody body, string field)
    {
        if (!body.Errors.Any(e => e.Field == JsonBody.PathOf(field))) body.Error(field, "must be true or false");
        return false;
    }
}
