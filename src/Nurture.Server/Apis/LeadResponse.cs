using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.Flows;

namespace Nurture.Server.Apis;

/// <summary>A lead as the API shows it. <see cref="ResolvedFrom"/> is set when the asked-for id merged away.</summary>
public sealed record LeadResponse(
    Guid Id,
    Guid? ResolvedFrom,
    bool Known,
    IReadOnlyList<string> Emails,
    IReadOnlyDictionary<string, TraitValue> Traits,
    IReadOnlyList<TraitChange> TraitHistory,
    Touch? FirstTouch,
    Touch? LastTouch,
    LeadCounters Counters,
    string? TimeZone,
    string? Language,
    IReadOnlyList<VisitorActivity> Visitors,
    IReadOnlyList<Guid> MergedIds,
    IReadOnlyList<EventSummary> RecentEvents,
    DateTimeOffset? CreatedAt,
    string? Owner,
    ConsentState? Consent,
    IReadOnlyList<string> Segments,
    IReadOnlyList<LeadFlowRun> Flows)
{
    /// <summary>The owning rep's name, when the owner is a rep.</summary>
    public string? OwnerName { get; init; }

    public static LeadResponse From(LeadState state, Guid requested, IFlowCatalog flows) => new(
        state.Id,
        requested == state.Id ? null : requested,
        state.IsKnown,
        state.Emails,
        state.Traits,
        state.TraitHistory,
        state.FirstTouch,
        state.LastTouch,
        state.Counters,
        state.TimeZone,
        state.Language,
        state.Visitors,
        state.MergedFrom,
        state.RecentEvents,
        state.CreatedAt,
        state.Owner,
        state.Consent,
        state.Segments,
        state.Enrolments.Select(run => LeadFlowRun.From(run, flows.Get(run.FlowId)?.Name)).ToList());
}

/// <summary>
/// A lead's run through a flow: where it stands (status, step, the end of its wait) and the steps it
/// took. Runs still going and the newest finished ones. The flow's name is null once the flow is deleted.
/// </summary>
public sealed record LeadFlowRun(
    string FlowId,
    string? FlowName,
    string Status,
    string Step,
    DateTimeOffset EnteredAt,
    DateTimeOffset? WaitUntil,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<FlowStepVisit> Path)
{
    public static LeadFlowRun From(FlowEnrolment run, string? flowName) =>
        new(run.FlowId, flowName, run.Status, run.StepId, run.EnteredAt, run.WaitUntil, run.FinishedAt, run.Path);
}
