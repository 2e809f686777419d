using Microsoft.AspNetCore.Authorization;
using Nurture.Http;

namespace Nurture.Server.Access;

/// <summary>
/// Guards every endpoint under /api, wherever it was mapped: 401 without a valid Bearer key, 403
/// when the caller's role is not in the route's <see cref="AllowedRoles"/> (a route without any is
/// admin-only). It runs after routing and before the handler binds anything, so a refused request
/// never has its body read. Routes marked <c>.AllowAnonymous()</c> (sign-in) skip it.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next, KeyAuthenticator authenticator)
{
    private const string Scheme = "Bearer ";
    // Longer than any key we make or configure; anything past it is not worth hashing.
    private const int MaxKeyLength = 512;
    public const string ActorItemKey = "nurture.actor";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !context.Request.Path.StartsWithSegments("/api") || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var caller = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length - Scheme.Length <= MaxKeyLength
            ? await authenticator.AuthenticateAsync(header[Scheme.Length..].Trim(), context.RequestAborted)
            : null;
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiErrors.Problem(StatusCodes.Status401Unauthorized,
                [new FieldError("Authorization", "missing, unknown, expired or revoked Bearer key")], "A valid API key is required.").ExecuteAsync(context);
            return;
        }

        var allowed = endpoint.Metadata.GetMetadata<AllowedRoles>();
        if (caller.Role != Roles.Admin && allowed?.Allows(caller.Role) != true)
        {
            var who = allowed is null ? "admin" : string.Join(", ", allowed.Roles.Prepend(Roles.Admin).Distinct());
            await ApiErrors.Problem(StatusCodes.Status403Forbidden,
                [new FieldError("Authorization", $"the role '{caller.Role}' may not call {context.Request.Method} {context.Request.Path}; allowed: {who}")],
                "Your role may not do this.").ExecuteAsync(context);
            return;
        }

        context.Features.Set(caller);
        // Read by whatever records who changed what (lead history's ApiActor reads this item).
        context.Items[ActorItemKey] = caller.Actor;
        await next(context);
    }
}
