using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Nurture.Handoff.Routing;

/// <summary>The assignment rules' order, in PostgreSQL (one row, nurture_routing): who changed it last and when.</summary>
public sealed class RoutingRuleStore(NpgsqlDataSource database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The rules as stored, made whole (<see cref="RuleKinds.Complete"/>); the defaults until someone saves an order.</summary>
    public async Task<StoredRules> GetAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT rules::text, updated_at, updated_by FROM nurture_routing WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return new(RuleKinds.Defaults, null, null);
        var stored = JsonSerializer.Deserialize<List<RoutingRule>>(reader.GetString(0), Json) ?? [];
        return new(RuleKinds.Complete(stored), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
    }

    /// <summary>Replaces the order in one statement, so two admins saving at once leave one of their lists, whole.</summary>
    public async Task<StoredRules> SaveAsync(IReadOnlyList<RoutingRule> rules, string actor, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_routing (id, rules, updated_at, updated_by) VALUES (1, $1, now(), $2)
            ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            RETURNING updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(rules, Json) });
        command.Parameters.AddWithValue(actor);
        var at = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new(rules, new DateTimeOffset(at, TimeSpan.Zero), actor);
    }
}

/// <summary>The rules in order, and who saved them when (null until someone does).</summary>
public sealed record StoredRules(IReadOnlyList<RoutingRule> Rules, DateTimeOffset? UpdatedAt, string? UpdatedBy);
