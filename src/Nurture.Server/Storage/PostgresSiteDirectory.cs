using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npgsql;
using Nurture.Ingest.Pipeline;

namespace Nurture.Server.Storage;

/// <summary>
/// Sites in PostgreSQL with an in-memory cache for the ingest hot path. Misses (including hostile,
/// made-up keys) are cached briefly too, so a flood of bad keys cannot become a flood of queries.
/// Another node's new site is seen within <see cref="CacheLife"/>.
/// </summary>
public sealed class PostgresSiteDirectory(NpgsqlDataSource database, TimeProvider time) : ISiteDirectory
{
    private static readonly TimeSpan CacheLife = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (Site? Site, DateTimeOffset At)> byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Site?>> inFlight = new(StringComparer.Ordinal);
    private (IReadOnlyList<Site> Sites, DateTimeOffset At)? all;

    public async ValueTask<Site?> FindByKeyAsync(string siteKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = byKey.TryGetValue(siteKey, out var cached);
        if (known && now - cached.At < CacheLife) return cached.Site;
        if (byKey.Count > 100_000) byKey.Clear();
        // One query per key at a time: when an entry expires, concurrent requests share the refresh.
        var lookup = inFlight.GetOrAdd(siteKey, key => LookUpAsync(key));
        try
        {
            var site = await lookup.WaitAsync(cancellationToken);
            byKey[siteKey] = (site, now);
            return site;
        }
        catch (NpgsqlException) when (known)
        {
            // PostgreSQL busy or away: ingest keeps going on what it knew; the next request tries again.
            return cached.Site;
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<string, Task<Site?>>(siteKey, lookup));
        }
    }

    private async Task<Site?> LookUpAsync(string siteKey)
    {
        await using var command = database.CreateCommand(
            "SELECT id, site_key, name, allowed_origins, created_at FROM nurture_sites WHERE site_key = $1");
        command.Parameters.AddWithValue(siteKey);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? Read(reader) : null;
    }

    public async ValueTask<bool> IsOriginKnownAsync(string origin, CancellationToken cancellationToken)
    {
        var sites = await ListAsync(cancellationToken, cached: true);
        return sites.Any(s => s.AllowedOrigins.Count > 0 && s.AllowsOrigin(origin));
    }

    public async Task<IReadOnlyList<Site>> ListAsync(CancellationToken cancellationToken, bool cached = false)
    {
        var now = time.GetUtcNow();
        if (cached && all is { } snapshot && now - snapshot.At < CacheLife) return snapshot.Sites;
        await using var command = database.CreateCommand(
            "SELECT id, site_key, name, allowed_origins, created_at FROM nurture_sites ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sites = new List<Site>();
        while (await reader.ReadAsync(cancellationToken)) sites.Add(Read(reader));
        all = (sites, now);
        return sites;
    }

    public async Task<Site> CreateAsync(string name, IReadOnlyList<string> allowedOrigins, CancellationToken cancellationToken)
    {
        var site = new Site(Guid.NewGuid(), NewKey(), name, allowedOrigins, time.GetUtcNow());
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_sites (id, site_key, name, allowed_origins, created_at) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue(site.Id);
        command.Parameters.AddWithValue(site.Key);
        command.Parameters.AddWithValue(site.Name);
        command.Parameters.AddWithValue(site.AllowedOrigins.ToArray());
        command.Parameters.AddWithValue(site.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        byKey[site.Key] = (site, time.GetUtcNow());
        all = null;
        return site;
    }

    private static Site Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
        reader.GetFieldValue<string[]>(3), reader.GetFieldValue<DateTimeOffset>(4));

    /// <summary>"sk_" and 24 random lower-case base32 characters (120 bits).</summary>
    private static string NewKey()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[24];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[bytes[i] % 32];
        return "sk_" + new string(chars);
    }
}
