using System.Text.Json;
using System.Text.Json.Serialization;
using Nurture.Abstractions.Leads;
using Nurture.Spool;

namespace Nurture.EventStore;

/// <summary>The lead_profiles table: the lead list that searches, segments, exports and analysis read.</summary>
public sealed class LeadProfilesTable : ISpoolTable
{
    public string Name => "lead_profiles";

    public void WriteRow(JsonRowWriter writer, SpoolRecord record, string spoolNode, Stream rows)
    {
        var p = JsonSerializer.Deserialize(record.Payload.Span, LeadProfileJson.Default.LeadProfile)!;
        writer.Begin()
            .Uuid("lead_id", p.LeadId)
            .Number("version", p.Version)
            .String("merged_into", p.MergedInto?.ToString("D") ?? "")
            .Number("erased", p.Erased ? 1 : 0)
            .Number("created_at", p.CreatedAt?.ToUnixTimeSeconds() ?? 0)
            .Number("last_seen", p.LastSeen?.ToUnixTimeSeconds() ?? 0)
            .String("email", p.Email ?? "")
            .Strings("emails", p.Emails)
            .String("name", p.Name ?? "")
            .String("company", p.Company ?? "")
            .String("phone", p.Phone ?? "")
            .String("traits", JsonSerializer.Serialize(p.Traits, TraitsJson.Options))
            .String("stage", p.Stage)
            .String("grade", p.Grade)
            .Float("engagement", p.Engagement)
            .Float("fit", p.Fit)
            .String("owner", p.Owner ?? "")
            .String("consent", p.Consent ?? "")
            .String("first_channel", p.FirstChannel ?? "")
            .String("first_source", p.FirstSource ?? "")
            .String("first_campaign", p.FirstCampaign ?? "")
            .Number("first_touch_at", p.FirstTouchAt?.ToUnixTimeSeconds() ?? 0)
            .String("last_channel", p.LastChannel ?? "")
            .String("last_source", p.LastSource ?? "")
            .String("last_campaign", p.LastCampaign ?? "")
            .Number("sessions", p.Sessions)
            .Number("page_views", p.PageViews)
            .Number("events", p.Events)
            .Strings("sites", p.Sites.Select(s => s.ToString("D")))
            .Strings("history_ids", p.HistoryIds.Select(s => s.ToString("D")))
            .Strings("segments", p.Segments)
            .Strings("interest_keys", p.Interests.Keys)
            .Floats("interest_values", p.Interests.Values)
            .String("spool_node", spoolNode)
            .Number("spool_seq", record.Seq)
            .EndTo(rows);
    }
}

/// <summary>
/// Traits as a flat JSON object with non-ASCII text kept as is, so ClickHouse's visitParamExtractString
/// can compare Japanese values in segment filters.
/// </summary>
internal static class TraitsJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = LeadProfileJson.Default,
    };
}

/// <summary>How lead-list rows are written into their spool.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LeadProfile))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
public sealed partial class LeadProfileJson : JsonSerializerContext;
