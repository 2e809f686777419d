using Microsoft.Extensions.Options;
using Nurture.Http;

namespace Nurture.Server.Access;

/// <summary>Console sign-in: an email and password give a session key (a Bearer key like any other) that sign-out revokes.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Access").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales);
        auth.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(Hosting.PublicRateLimits.SignIn)
            .ProducesProblems(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/sign-out", SignOutAsync);
        auth.MapPost("/password", ChangeOwnPasswordAsync).RequireRateLimiting(Hosting.PublicRateLimits.SignIn)
            .ProducesProblems(StatusCodes.Status429TooManyRequests);
        auth.MapGet("/me", async (Caller caller, UserStore users, CancellationToken ct) =>
        {
            var user = caller.UserId is { } id ? await users.GetAsync(id, ct) : null;
            return TypedResults.Ok(new { caller.Role, caller.Kind, caller.KeyId, caller.RepId, caller.Actor, user });
        });
        auth.MapPatch("/me", ChangeOwnSettingsAsync);
        return api;
    }

    /// <summary>PATCH /api/auth/me: the signed-in user's own settings, for now the weekly digest (<c>{"weeklyDigest": true}</c>).</summary>
    private static async Task<IResult> ChangeOwnSettingsAsync(HttpRequest request, Caller caller, UserStore users, CancellationToken ct)
    {
        if (caller.UserId is not { } userId || await users.GetAsync(userId, ct) is null)
            return ApiErrors.BadRequest("Authorization", "only a signed-in user has settings of their own; an admin changes others' with PUT /api/users/{id}");
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var weeklyDigest = body.Boolean("weeklyDigest");
            if (weeklyDigest is null && body.Errors.Count == 0) body.Error("weeklyDigest", "is required: true or false");
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            return await users.SetWeeklyDigestAsync(userId, weeklyDigest!.Value, ct) is { } user ? TypedResults.Ok(user) : ApiErrors.NotFound("The user");
        }
    }

    private static async Task<IResult> SignInAsync(
        HttpRequest request, UserStore users, ApiKeyStore keys, IOptions<AccessOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var email = body.String("email", 254, required: true);
            var password = body.String("password", UsersApi.MaxPasswordLength, required: true, trim: false);
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);

            // Unknown, disabled and wrong password answer alike and take alike long (a decoy hash is checked).
            var found = UsersApi.NormaliseEmail(email) is { } normalised ? await users.FindForSignInAsync(normalised, ct) : null;
            var matches = await PasswordHasher.VerifyAsync(password!, found?.PasswordHash, ct);
            if (!matches || found is not { User.DisabledAt: null } signedIn)
            {
                // The pair is wrong, not one field: saying which would tell who has an account.
                return ApiErrors.Problem(StatusCodes.Status401Unauthorized,
                    [new("$", "the email and password do not match an active user")], "Signing in failed.");
            }

            var expiresAt = time.GetUtcNow() + options.Value.SessionLifetime;
            var (session, secret) = await keys.CreateAsync(Caller.Session, "console session", signedIn.User.Role, signedIn.User.Id, expiresAt, ct);
            return TypedResults.Ok(new { key = secret, keyId = session.Id, session.ExpiresAt, user = signedIn.User });
        }
    }

    /// <summary>
    /// A signed-in user's own new password, given the current one (a stolen session alone cannot change it).
    /// Every session of the user ends, this one too: they sign in again with the new password.
    /// </summary>
    private static async Task<IResult> ChangeOwnPasswordAsync(
        HttpRequest request, Caller caller, UserStore users, ApiKeyStore keys, KeyAuthenticator authenticator, CancellationToken ct)
    {
        if (caller.UserId is not { } userId || await users.GetAsync(userId, ct) is not { } user)
            return ApiErrors.BadRequest("Authorization", "only a signed-in user has a password of their own; an admin sets others' with POST /api/users/{id}/password");
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using (body)
        {
            var current = body.String("currentPassword", UsersApi.MaxPasswordLength, required: true, trim: false);
            var password = body.String("newPassword", UsersApi.MaxPasswordLength, required: true, trim: false);
            if (password is not null && password.Length < UsersApi.MinPasswordLength)
                body.Error("newPassword", $"must be at least {UsersApi.MinPasswordLength} characters");
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            var found = await users.FindForSignInAsync(user.Email, ct);
            if (!await PasswordHasher.VerifyAsync(current!, found?.PasswordHash, ct))
            {
                body.Error("currentPassword", "is not your current password");
                return ApiErrors.BadRequest(body.Errors);
            }
            await users.SetPasswordAsync(userId, await PasswordHasher.HashAsync(password!, ct), ct);
            await keys.RevokeSessionsAsync(userId, ct);
            authenticator.Forget();
            return TypedResults.NoContent();
        }
    }

    private static async Task<IResult> SignOutAsync(Caller caller, ApiKeyStore keys, KeyAuthenticator authenticator, CancellationToken ct)
    {
        if (caller.Kind != Caller.Session || caller.KeyId is not { } keyId)
            return ApiErrors.BadRequest("Authorization", "only a session key signs out; an API key is revoked with DELETE /api/keys/{id}");
        await keys.RevokeAsync(keyId, ct);
        authenticator.Forget();
        return TypedResults.NoContent();
    }
}
