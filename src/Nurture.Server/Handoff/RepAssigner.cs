using Npgsql;
using Nurture.Abstractions.Leads;

namespace Nurture.Server.Handoff;

/// <summary>Who gets a hot lead, and why. Recorded once per alert, so a retried alert keeps its rep.</summary>
public sealed record Assignment(Rep? Rep, string Reason);

/// <summary>
/// Assignment rules, in order: the existing owner (trait `owner`, or the rep of an earlier assignment),
/// then territory (traits `country`, `industry`, `region`, `employees`/`company_size` in the rep's lists), then round-robin among active reps
/// under capacity (the one assigned least recently), else the fallback queue (no rep).
/// </summary>
public sealed class RepAssigner(NpgsqlDataSource database, RepStore reps, TimeProvider time)
{
    public const string OwnerReason = "existing owner";
    public const string PreviousReason = "previous assignment";
    public const string TerritoryReason = "territory";
    public const string RoundRobinReason = "round-robin";
    public const string FallbackReason = "no rep available";
    public const string ReassignedReason = "reassigned: not answered in time";

    // A rep's open hot leads: leads whose newest assignment is theirs, with no closing feedback since.
    private const string OpenLeads = """
        (SELECT count(*) FROM (SELECT DISTINCT ON (a.lead_id) a.lead_id, a.rep_id, a.at FROM nurture_assignments a
                               ORDER BY a.lead_id, a.at DESC) latest
         WHERE latest.rep_id = r.id
           AND NOT EXISTS (SELECT 1 FROM nurture_feedback f WHERE f.lead_id = latest.lead_id
                           AND f.outcome IN ('rejected', 'won', 'lost') AND f.at >= latest.at))
        """;

    /// <param name="takenFrom">A rep who had the lead and did not answer in time: never chosen again for it.</param>
    public async Task<Assignment> AssignAsync(Guid alertId, LeadState lead, string? takenFrom, CancellationToken cancellationToken)
    {
        if (await RecordedAsync(alertId, cancellationToken) is { } recorded) return recorded;
        var assignment = await ChooseAsync(lead, takenFrom, cancellationToken);
        if (takenFrom is not null && assignment.Rep is not null) assignment = assignment with { Reason = ReassignedReason };
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (alert_id) DO NOTHING");
        command.Parameters.AddWithValue(alertId);
        command.Parameters.AddWithValue(lead.Id);
        command.Parameters.AddWithValue((object?)assignment.Rep?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue(assignment.Reason);
        // The server's clock, not the database's: the SLA watch measures waits with the same clock.
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
        // Another node may have won the race: what is recorded is the answer.
        return await RecordedAsync(alertId, cancellationToken) ?? assignment;
    }

    private async Task<Assignment> ChooseAsync(LeadState lead, string? takenFrom, CancellationToken cancellationToken)
    {
        if ((lead.Owner ?? OwnerTrait(lead)) is { } owner && owner != takenFrom && await reps.GetAsync(owner, cancellationToken) is { Active: true } ownerRep)
            return new(ownerRep, OwnerReason);
        if (await PreviousRepAsync(lead.Id, cancellationToken) is { Active: true } previous && previous.Id != takenFrom)
            return new(previous, PreviousReason);

        var where = new LeadPlace(Trait(lead, "country"), Trait(lead, "industry"), Trait(lead, "region"),
            CompanySize.Band(Trait(lead, "company_size") ?? Trait(lead, "employees")));
        var available = (await AvailableAsync(cancellationToken)).Where(r => r.Id != takenFrom).ToList();
        var territory = available.FirstOrDefault(r => Covers(r, where));
        if (territory is not null) return new(territory, TerritoryReason);
        // Reps with a territory take only their territory; round-robin is among the generalists.
        var generalist = available.FirstOrDefault(r => !HasTerritory(r));
        return generalist is not null ? new(generalist, RoundRobinReason) : new(null, FallbackReason);
    }

    /// <summary>Where a lead is, for territories: country, industry, region, company size band.</summary>
    private sealed record LeadPlace(string? Country, string? Industry, string? Region, string? Size);

    private static bool HasTerritory(Rep rep) =>
        rep.Countries.Count > 0 || rep.Industries.Count > 0 || rep.Regions is { Count: > 0 } || rep.CompanySizes is { Count: > 0 };

    /// <summary>A rep covers a lead when every list they have contains the lead's value (and they have at least one).</summary>
    private static bool Covers(Rep rep, LeadPlace lead) =>
        HasTerritory(rep)
        && In(rep.Countries, lead.Country) && In(rep.Industries, lead.Industry)
        && In(rep.Regions ?? [], lead.Region) && In(rep.CompanySizes ?? [], lead.Size);

    private static bool In(IReadOnlyList<string> list, string? value) =>
        list.Count == 0 || (value is not null && list.Contains(value, StringComparer.OrdinalIgnoreCase));

    /// <summary>An "owner" trait from a trusted door (an import, the API); a website visitor could once set one too.</summary>
    private static string? OwnerTrait(LeadState lead) =>
        lead.Traits.TryGetValue("owner", out var value) && value.Source != "tracker" ? Trait(lead, "owner") : null;

    private static string? Trait(LeadState lead, string name) =>
        lead.Traits.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.Value) ? value.Value.Trim() : null;

    /// <summary>Active reps under capacity, least recently assigned first (that order is the round-robin).</summary>
    private async Task<List<Rep>> AvailableAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT r.id, r.name, r.email, r.active, r.capacity, r.countries, r.industries, r.webhook_url, r.slack_webhook_url,
                   r.regions, r.company_sizes, r.channels
            FROM nurture_reps r
            WHERE r.active AND {OpenLeads} < r.capacity
            ORDER BY (SELECT max(at) FROM nurture_assignments a WHERE a.rep_id = r.id) ASC NULLS FIRST, r.id
            """);
        return await RepStore.ReadAllAsync(command, cancellationToken);
    }

    private async Task<Rep?> PreviousRepAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT rep_id FROM nurture_assignments WHERE lead_id = $1 AND rep_id IS NOT NULL ORDER BY at DESC LIMIT 1");
        command.Parameters.AddWithValue(leadId);
        return await command.ExecuteScalarAsync(cancellationToken) is string repId ? await reps.GetAsync(repId, cancellationToken) : null;
    }

    private async Task<Assignment?> RecordedAsync(Guid alertId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT rep_id, reason FROM nurture_assignments WHERE alert_id = $1");
        command.Parameters.AddWithValue(alertId);
        string? repId;
        string reason;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            repId = reader.IsDBNull(0) ? null : reader.GetString(0);
            reason = reader.GetString(1);
        }
        return new(repId is null ? null : await reps.GetAsync(repId, cancellationToken), reason);
    }
}
