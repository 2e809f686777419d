using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Nurture.Server.Hosting;
using Nurture.Http;

namespace Nurture.Server.Access;

/// <summary>
/// Turns a presented Bearer key into a <see cref="Caller"/>: a configured bootstrap key (admin), or a
/// created key or session looked up by its hash. Lookups, found or not, are kept in memory for
/// <see cref="AccessOptions.KeyCacheTtl"/> so busy clients do not cost a query per request; changes
/// made through this node (revoke, sign-out, user changes) clear the cache at once, other nodes
/// notice within the TTL.
/// </summary>
public sealed partial class KeyAuthenticator(
    IOptions<NurtureOptions> nurture, IOptions<AccessOptions> options, ApiKeyStore store, TimeProvider time, ILogger<KeyAuthenticator> logger)
{
    // Random garbage in the right shape could fill memory: past this many entries the cache starts over.
    private const int MaxCached = 10_000;

    private readonly byte[][] bootstrapHashes = nurture.Value.ApiKeys.Select(ApiKeyHasher.Hash).ToArray();
    private readonly ConcurrentDictionary<string, (Caller? Caller, DateTimeOffset Until)> cache = new();
    private static readonly Caller BootstrapCaller = new(Roles.Admin, Caller.Bootstrap, null, null, null, "key:bootstrap");

    public async ValueTask<Caller?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHasher.Hash(presented);
        var bootstrap = false;
        foreach (var known in bootstrapHashes) bootstrap |= CryptographicOperations.FixedTimeEquals(known, hash);
        if (bootstrap) return BootstrapCaller;
        if (!ApiKeyHasher.LooksLikeKey(presented)) return null;

        var now = time.GetUtcNow();
        var cacheKey = Convert.ToBase64String(hash);
        if (cache.TryGetValue(cacheKey, out var cached) && cached.Until > now) return cached.Caller;

        var found = await store.FindAsync(hash, cancellationToken);
        var caller = found is null ? null : ToCaller(found, now);
        var until = now + options.Value.KeyCacheTtl;
        if (found?.ExpiresAt is { } expires && expires < until) until = expires;
        if (cache.Count >= MaxCached) cache.Clear();
        cache[cacheKey] = (caller, until);

        if (caller is not null && (found!.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1)))
            _ = TouchAsync(found.Id);
        return caller;
    }

    /// <summary>Drops everything this node remembers, after a change that may revoke or demote a key.</summary>
    public void Forget() => cache.Clear();

    private static Caller? ToCaller(ApiKeyStore.Found key, DateTimeOffset now)
    {
        if (key.RevokedAt is not null || key.ExpiresAt <= now || key.UserDisabledAt is not null) return null;
        var role = key.Role;
        if (key.UserRole is { } userRole)
        {
            // A session acts as its user does now; a user's API key never exceeds what the user may do now.
            role = key.Kind == Caller.Session || Roles.Rank(userRole) < Roles.Rank(role) ? userRole : role;
        }
        return new Caller(role, key.Kind, key.Id, key.UserId, key.UserRepId, key.UserEmail is { } email ? $"user:{email}" : $"key:{ApiKeyHasher.Display(key.Prefix)}");
    }

    // Off the request path: a slow write must not slow a request, and a failed one only loses a timestamp.
    private async Task TouchAsync(Guid keyId)
    {
        try
        {
            await store.TouchAsync(keyId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogTouchFailed(logger, keyId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the use of API key {KeyId}")]
    private static partial void LogTouchFailed(ILogger logger, Guid keyId, Exception exception);
}
