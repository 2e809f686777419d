using Nurture.Abstractions.Events;
using Nurture.Ingest.Pipeline;

namespace Nurture.Handoff.Sales;

/// <summary>
/// What sales did with a lead (a call, a meeting, a note, the verdicts accepted, won and lost) becomes an
/// event of the lead through the same spool as web and email events, so it is kept in ClickHouse, shows on
/// the timeline, and scoring rules, flows and segments can match it. Channel "sales"; props outcome, rep,
/// user, note, and for sales_won deal_value (invariant decimal) and closed_on (yyyy-MM-dd).
/// </summary>
public sealed class SalesEvents(IngestPipeline pipeline, TimeProvider time)
{
    public const string Channel = "sales";
    public const string Call = "sales_call";
    public const string Meeting = "sales_meeting";
    public const string Note = "sales_note";
    public const string Accepted = "sales_accepted";
    public const string Won = "sales_won";
    public const string Lost = "sales_lost";

    /// <summary>Every type sales events have, for rule and condition parsers.</summary>
    public static readonly IReadOnlyList<string> Types = [Call, Meeting, Note, Accepted, Won, Lost];

    /// <summary>The event a feedback outcome is recorded as; null for one that has none (rejected).</summary>
    public static string? OfOutcome(string outcome) => outcome switch
    {
        "accepted" => Accepted,
        "won" => Won,
        "lost" => Lost,
        _ => null,
    };

    /// <summary>Appends the event; props with a null value are left out. Answers the event id.</summary>
    public async Task<string> RecordAsync(string type, Guid leadId, IReadOnlyList<(string Key, string? Value)> props, CancellationToken cancellationToken)
    {
        var kept = props.Where(p => p.Value is not null).ToList();
        var e = ServerEvents.Of(Guid.NewGuid().ToString("N"), Channel, type, leadId,
            kept.Select(p => p.Key).ToList(), kept.Select(p => p.Value!).ToList(), time.GetUtcNow());
        await pipeline.AppendServerEventsAsync([e], cancellationToken);
        return e.EventId;
    }
}
