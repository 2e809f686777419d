using System.Text.Json;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.CustomerData.Duplicates;
using Nurture.EventStore;

namespace Nurture.Server.Leads;

/// <summary>What a merge did: the surviving lead, the leads merged into it, and why each field has its value.</summary>
public sealed record MergeOutcome(Guid Id, Guid Survivor, IReadOnlyList<Guid> Merged, IReadOnlyList<FieldDecision> Decisions);

/// <summary>
/// Merges leads a person decided are one. The survivor absorbs the others through the same grain merge
/// as identify (history, visitors, sources and scores combined once), then takes the field values the
/// survivorship rules chose; the decisions are kept in PostgreSQL so the merge can be explained later.
/// </summary>
public sealed class DuplicateMerger(IGrainFactory grains, NpgsqlDataSource database, LeadAliasWriter aliases, TimeProvider time)
{
    public async Task<MergeOutcome> MergeAsync(IReadOnlyList<LeadState> leads, Guid? survivorId, SurvivorshipRules rules, string actor)
    {
        var survivor = survivorId is { } chosen ? leads.First(l => l.Id == chosen) : leads.MinBy(l => l.CreatedAt)!;
        var merged = MergedRecord(leads, rules);
        foreach (var other in leads.Where(l => l.Id != survivor.Id))
        {
            await grains.GetGrain<ILeadGrain>(other.Id).MergeIntoAsync(survivor.Id, actor);
            aliases.Record(other.Id, survivor.Id);
        }
        // The chosen values win over whatever the absorb kept (emails stay all: a lead is known by each).
        var now = time.GetUtcNow();
        var current = (await grains.GetGrain<ILeadGrain>(survivor.Id).GetAsync())!;
        var traits = merged.Values
            .Where(v => v.Key != "email" && (v.Value ?? "") != (current.Traits.GetValueOrDefault(v.Key)?.Value ?? ""))
            .ToDictionary(v => v.Key, v => v.Value ?? "", StringComparer.Ordinal);
        if (traits.Count > 0) await grains.GetGrain<ILeadGrain>(survivor.Id).UpdateAsync(new LeadUpdate { Actor = actor, At = now, Traits = traits });

        var outcome = new MergeOutcome(Guid.NewGuid(), survivor.Id, leads.Where(l => l.Id != survivor.Id).Select(l => l.Id).ToList(), merged.Decisions);
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_merges (id, survivor_id, merged_ids, decisions, actor) VALUES ($1, $2, $3, $4::jsonb, $5)");
        command.Parameters.AddWithValue(outcome.Id);
        command.Parameters.AddWithValue(outcome.Survivor);
        command.Parameters.AddWithValue(outcome.Merged.ToArray());
        command.Parameters.AddWithValue(JsonSerializer.Serialize(outcome.Decisions, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue(actor);
        await command.ExecuteNonQueryAsync();
        return outcome;
    }

    /// <summary>The merges a lead took part in, newest first.</summary>
    public async Task<List<JsonElement>> HistoryAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT json_build_object('id', id, 'survivor', survivor_id, 'merged', merged_ids, 'decisions', decisions, 'actor', actor, 'at', at)::text
            FROM nurture_merges WHERE survivor_id = $1 OR $1 = ANY(merged_ids) ORDER BY at DESC
            """);
        command.Parameters.AddWithValue(leadId);
        var merges = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) merges.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        return merges;
    }

    /// <summary>Each lead's traits as one survivorship record: dated by its newest trait, sourced by its first touch.</summary>
    private static MergedRecord MergedRecord(IReadOnlyList<LeadState> leads, SurvivorshipRules rules) =>
        Survivorship.Merge(leads.Select(l => new FieldValues(
            l.Id.ToString("D"),
            l.Traits.Values.Select(t => t.UpdatedAt).DefaultIfEmpty(l.CreatedAt ?? DateTimeOffset.UnixEpoch).Max(),
            l.FirstTouch?.Source.UtmSource ?? l.FirstTouch?.Source.Channel,
            l.Traits.ToDictionary(t => t.Key, t => (string?)t.Value.Value, StringComparer.Ordinal))).ToList(), rules);
}
