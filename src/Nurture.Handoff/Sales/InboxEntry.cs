namespace Nurture.Handoff.Sales;

/// <summary>
/// A lead in a rep's inbox as PostgreSQL knows it: when and why it was assigned, the newest verdict since
/// (<paramref name="LastOutcome"/>), and <paramref name="Note"/>, what a flow's notify_sales step told the rep.
/// </summary>
public sealed record InboxEntry(Guid LeadId, DateTimeOffset AssignedAt, string Reason, string? LastOutcome, string? Note = null)
{
    /// <summary>new, accepted, rejected, won or lost (see <see cref="InboxView"/>).</summary>
    public string Status { get; init; } = InboxView.New;
    public DateTimeOffset? VerdictAt { get; init; }
    public decimal? DealValue { get; init; }
    public DateOnly? ClosedOn { get; init; }
    /// <summary>The event that made the lead hot (its alert's); null for a flow's hand-off.</summary>
    public string? TippingEventId { get; init; }
    /// <summary>A flow's notify_sales step handed the lead over, whatever its score.</summary>
    public bool FlowHandoff { get; init; }
    public LastActivity? LastActivity { get; init; }

    /// <summary>Alerts a flow asked for carry the event id "flow:…" (FlowSalesNotifier).</summary>
    public static bool IsFlowHandoff(string alertEventId) => alertEventId.StartsWith("flow:", StringComparison.Ordinal);

    /// <summary>A fresh assignment as the live stream sends it.</summary>
    public static InboxEntry Of(Guid leadId, RepAssignment assignment) =>
        new(leadId, assignment.At, assignment.Reason, null, assignment.Note)
        {
            TippingEventId = assignment.OriginEventId is { } id && !IsFlowHandoff(id) ? id : null,
            FlowHandoff = assignment.OriginEventId is { } e && IsFlowHandoff(e),
        };
}
