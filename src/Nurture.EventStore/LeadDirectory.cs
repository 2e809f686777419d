using Nurture.Abstractions.Leads;
using System.Text.Json;

namespace Nurture.EventStore;

/// <summary>One lead in the lead list.</summary>
public sealed record LeadListItem(
    Guid Id, string? Email, string? Name, string? Company, string? Phone, string Stage, string Grade,
    double Engagement, double Fit, string? Owner, string? Consent,
    string? FirstChannel, string? FirstSource, string? FirstCampaign,
    string? LastChannel, string? LastSource, string? LastCampaign,
    long Sessions, long PageViews, DateTimeOffset? CreatedAt, DateTimeOffset? LastSeen,
    IReadOnlyDictionary<string, string> Traits);

public sealed record LeadListPage(IReadOnlyList<LeadListItem> Leads, long Total);

/// <summary>How the lead list is ordered.</summary>
public enum LeadSort { LastSeen, Engagement, Fit, Created, Email }

/// <summary>
/// The lead list on ClickHouse: the newest row of every living lead. It trails the leads' own state by
/// the write-behind interval plus the ClickHouse writer's batch (a few seconds under load).
/// </summary>
public sealed class LeadDirectory(ClickHouseStore store, TimeProvider time)
{
    public const int MaxPage = 500;

    private const string Columns =
        "toString(lead_id) AS id, email, name, company, phone, stage, grade, engagement, fit, owner, consent, " +
        "first_channel, first_source, first_campaign, last_channel, last_source, last_campaign, sessions, page_views, " +
        "toUnixTimestamp(created_at) AS created, toUnixTimestamp(last_seen) AS seen, traits";

    public async Task<LeadListPage> ListAsync(LeadFilter filter, LeadSort sort, int limit, int offset, CancellationToken cancellationToken)
    {
        var where = LeadFilterSql.Where(filter, time.GetUtcNow());
        var rows = await store.QueryAsync(
            $"SELECT {Columns} FROM {LeadFilterSql.CurrentLeads} WHERE {where} ORDER BY {OrderBy(sort)} LIMIT {limit} OFFSET {offset}",
            cancellationToken);
        var total = await CountAsync(filter, cancellationToken);
        return new LeadListPage(rows.Select(Read).ToList(), total);
    }

    public async Task<long> CountAsync(LeadFilter filter, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"SELECT count() AS n FROM {LeadFilterSql.CurrentLeads} WHERE {LeadFilterSql.Where(filter, time.GetUtcNow())}", cancellationToken);
        return ClickHouseRows.Long(rows[0], "n");
    }

    /// <summary>Every matching lead, page by page (exports, segment recomputes), in a stable order.</summary>
    public async IAsyncEnumerable<LeadListItem> ReadAllAsync(
        LeadFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int page = 5000;
        var where = LeadFilterSql.Where(filter, time.GetUtcNow());
        var after = "";
        while (true)
        {
            var rows = await store.QueryAsync(
                $"SELECT {Columns} FROM {LeadFilterSql.CurrentLeads} WHERE {where} AND toString(lead_id) > {ClickHouseSql.Quote(after)} " +
                $"ORDER BY toString(lead_id) LIMIT {page}", cancellationToken);
            foreach (var row in rows) yield return Read(row);
            if (rows.Count < page) yield break;
            after = rows[^1].GetProperty("id").GetString()!;
        }
    }

    /// <summary>The ids of every matching lead (segment membership).</summary>
    public async Task<HashSet<Guid>> IdsAsync(LeadFilter filter, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"SELECT toString(lead_id) AS id FROM {LeadFilterSql.CurrentLeads} WHERE {LeadFilterSql.Where(filter, time.GetUtcNow())}",
            cancellationToken);
        return rows.Select(r => Guid.Parse(r.GetProperty("id").GetString()!)).ToHashSet();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> lead ids spread evenly over the whole list (ordered by a hash of the
    /// id, so the same leads come back each time and the sample is not biased to recent ones).
    /// </summary>
    public async Task<List<Guid>> SampleIdsAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"SELECT toString(lead_id) AS id FROM {LeadFilterSql.CurrentLeads} WHERE {LeadFilterSql.Where(new LeadFilter(), time.GetUtcNow())} " +
            $"ORDER BY cityHash64(toString(lead_id)) LIMIT {limit}", cancellationToken);
        return rows.Select(r => Guid.Parse(r.GetProperty("id").GetString()!)).ToList();
    }

    /// <summary>The current lead (id and traits) known by each of these emails, for import previews.</summary>
    public async Task<Dictionary<string, (Guid Id, IReadOnlyDictionary<string, string> Traits)>> FindByEmailsAsync(
        IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (Guid, IReadOnlyDictionary<string, string>)>(StringComparer.Ordinal);
        if (emails.Count == 0) return found;
        var rows = await store.QueryAsync(
            $"SELECT toString(lead_id) AS id, emails, traits FROM {LeadFilterSql.CurrentLeads} WHERE hasAny(emails, [{ClickHouseSql.List(emails)}])",
            cancellationToken);
        foreach (var row in rows)
        {
            var traits = Traits(row);
            var id = Guid.Parse(row.GetProperty("id").GetString()!);
            foreach (var email in ClickHouseRows.Texts(row, "emails")) found[email] = (id, traits);
        }
        return found;
    }

    private static IReadOnlyDictionary<string, string> Traits(JsonElement row) =>
        JsonSerializer.Deserialize(row.GetProperty("traits").GetString() is { Length: > 0 } t ? t : "{}",
            LeadProfileJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>();

    private static string OrderBy(LeadSort sort) => sort switch
    {
        LeadSort.Engagement => "engagement DESC, lead_id",
        LeadSort.Fit => "fit DESC, lead_id",
        LeadSort.Created => "created_at DESC, lead_id",
        LeadSort.Email => "email, lead_id",
        _ => "last_seen DESC, lead_id",
    };

    private static LeadListItem Read(JsonElement row)
    {
        var traits = Traits(row);
        return new LeadListItem(
            Guid.Parse(row.GetProperty("id").GetString()!), ClickHouseRows.Text(row, "email"), ClickHouseRows.Text(row, "name"),
            ClickHouseRows.Text(row, "company"), ClickHouseRows.Text(row, "phone"), ClickHouseRows.Text(row, "stage") ?? "",
            ClickHouseRows.Text(row, "grade") ?? "", ClickHouseRows.Double(row, "engagement"), ClickHouseRows.Double(row, "fit"),
            ClickHouseRows.Text(row, "owner"), ClickHouseRows.Text(row, "consent"),
            ClickHouseRows.Text(row, "first_channel"), ClickHouseRows.Text(row, "first_source"), ClickHouseRows.Text(row, "first_campaign"),
            ClickHouseRows.Text(row, "last_channel"), ClickHouseRows.Text(row, "last_source"), ClickHouseRows.Text(row, "last_campaign"),
            ClickHouseRows.Long(row, "sessions"), ClickHouseRows.Long(row, "page_views"),
            ClickHouseRows.Time(row, "created"), ClickHouseRows.Time(row, "seen"), traits);
    }
}
