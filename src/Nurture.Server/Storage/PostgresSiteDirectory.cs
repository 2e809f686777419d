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
    private const string Columns = "id, site_key, name, allowed_origins, created_at, public_traits";
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
            $"SELECT {Columns} FROM nurture_sites WHERE site_key = $1");
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
            $"SELECT {Columns} FROM nurture_sites ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sites = new List<Site>();
        while (await reader.ReadAsync(cancellationToken)) sites.Add(Read(reader));
        all = (sites, now);
        return sites;
    }

    public async Task<Site> CreateAsync(string name, IReadOnlyList<string> allowedOrigins, IReadOnlyList<string> publicTraits, CancellationToken cancellationToken)
    {
        var site = new Site(Guid.NewGuid(), NewKey(), name, allowedOrigins, time.GetUtcNow()) { PublicTraits = publicTraits };
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_sites (id, site_key, name, allowed_origins, created_at, public_traits) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Parameters.AddWithValue(site.Id);
        command.Parameters.AddWithValue(site.Key);
        command.Parameters.AddWithValue(site.Name);
        command.Parameters.AddWithValue(site.AllowedOrigins.ToArray());
        command.Parameters.AddWithValue(site.CreatedAt);
        command.Parameters.AddWithValue(site.PublicTraits.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(site);
        return site;
    }

    /// <summary>Changes what was given (null leaves a field as it is); null when there is no such site.</summary>
    public async Task<Site?> UpdateAsync(Guid id, string? name, IReadOnlyList<string>? allowedOrigins, IReadOnlyList<string>? publicTraits, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            UPDATE nurture_sites SET name = coalesce($2, name), allowed_origins = coalesce($3, allowed_origins),
                public_traits = coalesce($4, public_traits)
            WHERE id = $1 RETURNING {Columns}
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)allowedOrigins?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)publicTraits?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var site = Read(reader);
        Remember(site);
        return site;
    }

    /// <summary>This node sees its own change at once; other nodes within <see cref="CacheLife"/>.</summary>
    private void Remember(Site site)
    {
        byKey[site.Key] = (site, time.GetUtcNow());
        all = null;
    }

    private static Site Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
        reader.GetFieldValue<string[]>(3), reader.GetFieldValue<DateTimeOffset>(4)) { PublicTraits = reader.GetFieldValue<string[]>(5) };

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
