using System.Globalization;
using System.Text;
using Nurture.Abstractions.Leads.Conditions;

namespace Nurture.EventStore;

/// <summary>
/// Turns a <see cref="LeadCondition"/> into an expression over the current rows of lead_profiles, with the
/// meaning docs/segments.md gives each leaf (LeadConditionMatcher judges simple ones on one lead alike).
/// </summary>
public static class LeadConditionSql
{
    public static string Where(LeadCondition condition, DateTimeOffset now) => condition switch
    {
        ConditionGroup { Conditions.Count: 0 } => "1",
        ConditionGroup group => "(" + string.Join(group.Any ? " OR " : " AND ", group.Conditions.Select(c => Where(c, now))) + ")",
        FieldCondition field => Text($"{field.Field}", field.Operator, field.Value),
        TraitCondition trait => Text($"visitParamExtractString(traits, {ClickHouseSql.Quote(trait.Trait)})", trait.Operator, trait.Value),
        ScoreCondition score => $"{score.Score} {(score.AtLeast ? ">=" : "<")} {score.Value.ToString("R", CultureInfo.InvariantCulture)}",
        // A category the lead never scored in reads 0 (ClickHouse answers the default for index 0).
        InterestCondition interest =>
            $"interest_values[indexOf(interest_keys, {ClickHouseSql.Quote(interest.Category)})] >= {interest.AtLeast.ToString("R", CultureInfo.InvariantCulture)}",
        SegmentCondition segment => $"{(segment.Member ? "" : "NOT ")}has(segments, {ClickHouseSql.Quote(segment.Segment)})",
        ActivityCondition activity => $"lead_id {(activity.Never ? "NOT IN" : "IN")} ({Activity(activity, now)})",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.GetType().Name, "not a condition this SQL knows"),
    };

    private static string Text(string column, TextOperator op, string? value)
    {
        var left = $"lowerUTF8({column})";
        var right = value is null ? "''" : ClickHouseSql.Quote(value.Trim().ToLowerInvariant());
        return op switch
        {
            TextOperator.Is => $"{left} = {right}",
            TextOperator.IsNot => $"{left} != {right}",
            TextOperator.Contains => $"position({left}, {right}) > 0",
            TextOperator.StartsWith => $"startsWith({left}, {right})",
            TextOperator.IsSet => $"{left} != ''",
            TextOperator.IsNotSet => $"{left} = ''",
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    /// <summary>The people who did it at least AtLeast times (once, for Never) within the window.</summary>
    private static string Activity(ActivityCondition activity, DateTimeOffset now)
    {
        var events = new StringBuilder("type = ").Append(ClickHouseSql.Quote(activity.Type))
            .Append(" AND server_ms >= ").Append((now - TimeSpan.FromDays(activity.WithinDays)).ToUnixTimeMilliseconds());
        if (activity.PathPattern is { } path) events.Append(" AND path LIKE ").Append(Like(path));
        if (activity.Name is { } name) events.Append(" AND lowerUTF8(name) = ").Append(ClickHouseSql.Quote(name.ToLowerInvariant()));
        if (activity.Template is { } template) events.Append(" AND ").Append(Prop("template_id")).Append(" = ").Append(ClickHouseSql.Quote(template));
        if (activity.LinkPattern is { } link) events.Append(" AND url LIKE ").Append(Like(link));
        foreach (var (key, value) in activity.Props)
            events.Append(" AND lowerUTF8(").Append(Prop(key)).Append(") = ").Append(ClickHouseSql.Quote(value.ToLowerInvariant()));
        return LeadFilterSql.PeopleWhoDid(events.ToString(), activity.Never ? 1 : activity.AtLeast);
    }

    private static string Prop(string key) => $"prop_values[indexOf(prop_keys, {ClickHouseSql.Quote(key)})]";

    /// <summary>A pattern with * for any text as a LIKE literal: LIKE's own wildcards and escapes are taken literally.</summary>
    public static string Like(string pattern)
    {
        var like = new StringBuilder();
        foreach (var c in pattern)
        {
            if (c is '%' or '_' or '\\') like.Append('\\').Append(c);
            else if (c == '*') like.Append('%');
            else like.Append(c);
        }
        return ClickHouseSql.Quote(like.ToString());
    }
}
