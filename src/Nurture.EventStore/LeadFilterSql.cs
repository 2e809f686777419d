using Nurture.Abstractions.Leads;
using System.Globalization;
using System.Text;

namespace Nurture.EventStore;

/// <summary>Turns a <see cref="LeadFilter"/> into a WHERE clause over the current rows of lead_profiles.</summary>
public static class LeadFilterSql
{
    /// <summary>The current, living lead rows: highest version wins, merged-away and erased ones left out.</summary>
    public const string CurrentLeads = "(SELECT * FROM lead_profiles FINAL WHERE erased = 0 AND merged_into = '')";

    public static string Where(LeadFilter filter, DateTimeOffset now)
    {
        var sql = new StringBuilder("1");
        if (filter.Search is { Length: > 0 } search)
        {
            sql.Append(" AND positionCaseInsensitiveUTF8(concat(email, ' ', name, ' ', company, ' ', phone), ")
               .Append(ClickHouseSql.Quote(search)).Append(") > 0");
        }
        if (filter.Stages.Count > 0) sql.Append(" AND stage IN (").Append(ClickHouseSql.List(filter.Stages)).Append(')');
        if (filter.Grades.Count > 0) sql.Append(" AND grade IN (").Append(ClickHouseSql.List(filter.Grades)).Append(')');
        Equal(sql, "owner", filter.Owner);
        var touch = filter.LastTouch ? "last" : "first";
        Equal(sql, $"{touch}_channel", filter.Channel);
        Equal(sql, $"{touch}_source", filter.Source);
        Equal(sql, $"{touch}_campaign", filter.Campaign);
        Equal(sql, "consent", filter.Consent);
        if (filter.MinEngagement is { } engagement) sql.Append(" AND engagement >= ").Append(Number(engagement));
        if (filter.MinFit is { } fit) sql.Append(" AND fit >= ").Append(Number(fit));
        if (filter.CreatedFrom is { } from) sql.Append(" AND created_at >= ").Append(from.ToUnixTimeSeconds());
        if (filter.CreatedTo is { } to) sql.Append(" AND created_at < ").Append(to.ToUnixTimeSeconds());
        if (filter.KnownOnly) sql.Append(" AND email != ''");
        if (filter.Segment is { } segment) sql.Append(" AND has(segments, ").Append(ClickHouseSql.Quote(segment)).Append(')');
        foreach (var (name, value) in filter.Traits)
        {
            sql.Append(" AND visitParamExtractString(traits, ").Append(ClickHouseSql.Quote(name)).Append(") = ").Append(ClickHouseSql.Quote(value));
        }
        if (filter.LeadIds is { } ids)
        {
            sql.Append(ids.Count == 0 ? " AND 0" : $" AND lead_id IN ({ClickHouseSql.List(ids)})");
        }
        foreach (var condition in filter.Behaviour) sql.Append(" AND lead_id IN (").Append(Behaviour(condition, now)).Append(')');
        if (filter.Condition is { } tree) sql.Append(" AND ").Append(LeadConditionSql.Where(tree, now));
        return sql.ToString();
    }

    private static string Behaviour(BehaviourCondition condition, DateTimeOffset now)
    {
        var events = new StringBuilder("type = ").Append(ClickHouseSql.Quote(condition.Type))
            .Append(" AND server_ms >= ").Append((now - TimeSpan.FromDays(condition.WithinDays)).ToUnixTimeMilliseconds());
        if (condition.PathPrefix is { } prefix) events.Append(" AND startsWith(path, ").Append(ClickHouseSql.Quote(prefix)).Append(')');
        if (condition.Name is { } name) events.Append(" AND name = ").Append(ClickHouseSql.Quote(name));
        return PeopleWhoDid(events.ToString(), condition.AtLeast);
    }

    /// <summary>
    /// The current leads with at least <paramref name="atLeast"/> events matching <paramref name="eventsWhere"/>.
    /// Events carry the lead id they were tracked under, so they are counted per person through each
    /// current lead's history_ids.
    /// </summary>
    public static string PeopleWhoDid(string eventsWhere, int atLeast) =>
        "SELECT lead_id FROM (SELECT lead_id, arrayJoin(history_ids) AS hid FROM " + CurrentLeads + ") " +
        $"ANY INNER JOIN (SELECT toString(lead_id) AS hid, count() AS hits FROM events WHERE {eventsWhere} GROUP BY lead_id) USING hid " +
        $"GROUP BY lead_id HAVING sum(hits) >= {atLeast.ToString(CultureInfo.InvariantCulture)}";

    private static void Equal(StringBuilder sql, string column, string? value)
    {
        if (value is not null) sql.Append(" AND ").Append(column).Append(" = ").Append(ClickHouseSql.Quote(value));
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
