using Orleans.Concurrency;
using Nurture.Abstractions.Events;

namespace Nurture.Abstractions.Leads;

/// <summary>One person: identity, sources, counters, recent behaviour. Keyed by lead id.</summary>
[Alias("nurture.ILeadGrain")]
public interface ILeadGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Applies a visitor's events in spool order. Answers the lead that holds them now: itself, or the
    /// survivor it merged into (during this call or before).
    /// </summary>
    [Alias("Apply")]
    Task<ApplyResult> ApplyAsync(IReadOnlyList<TrackedEvent> events);

    /// <summary>The state, or null when no event ever reached this id. A merged lead answers its forward.</summary>
    [Alias("Get")]
    Task<LeadState?> GetAsync();

    /// <summary>
    /// Takes in a lead that merges into this one; answers the score changes (fit, stage) it caused.
    /// Idempotent: a lead already absorbed is ignored. The caller hands over its own copy: a mutable
    /// argument would make every reference to this interface build a deep copier for the whole lead
    /// state, by reflection, and the dispatcher makes references for every visitor batch.
    /// </summary>
    [Alias("Absorb")]
    Task<IReadOnlyList<Scoring.ScoreChange>> AbsorbAsync(Immutable<LeadState> absorbed);

    /// <summary>
    /// Replaces the scores with a replay of the lead's full history under the current model. False
    /// (nothing changed) when the history is not complete yet or the lead merged away.
    /// </summary>
    [Alias("Rescore")]
    Task<bool> RescoreAsync(IReadOnlyList<TrackedEvent> history);

    /// <summary>Enrols the lead in a flow by hand (the API); answers the changes, empty when re-entry says no.</summary>
    [Alias("Enrol")]
    Task<IReadOnlyList<Scoring.ScoreChange>> EnrolAsync(string flowId, string cause);

    /// <summary>Sets traits, consent or owner from outside (API, import, hand-off); each change goes to history.</summary>
    [Alias("Update")]
    Task<LeadUpdateResult> UpdateAsync(LeadUpdate update);

    /// <summary>
    /// Forgets the person: this lead, every lead merged into it, their email and visitor index entries.
    /// Answers what was held so the server can erase it from its other stores; null when nothing was.
    /// </summary>
    [Alias("Erase")]
    Task<ErasureReceipt?> EraseAsync();

    /// <summary>
    /// Merges this lead into another (duplicates a person decided are one): the survivor absorbs it
    /// exactly as when a visitor identifies, and this id forwards there from now on. Answers the survivor's changes.
    /// </summary>
    [Alias("MergeInto")]
    Task<IReadOnlyList<Scoring.ScoreChange>> MergeIntoAsync(Guid survivor, string actor);

    /// <summary>
    /// Records that the lead joined or left segments (the segment refresher decides); joining may start
    /// flows triggered by the segment. Answers the changes the flows made.
    /// </summary>
    [Alias("SetSegments")]
    Task<IReadOnlyList<Scoring.ScoreChange>> SetSegmentsAsync(IReadOnlyList<string> joined, IReadOnlyList<string> left);

    /// <summary>
    /// Takes back what one actor (an import) set: a lead it created that nobody touched since is removed;
    /// otherwise each value it set goes back to the one before, unless changed again since.
    /// </summary>
    [Alias("Revert")]
    Task<RevertResult> RevertAsync(string actor, string by);

    /// <summary>
    /// Notes on the lead, in its change history, something a person should look at (an identify refused by an
    /// abuse limit). For an id no event has reached yet, the note waits in memory for the events on their way.
    /// </summary>
    [Alias("Flag")]
    Task FlagAsync(string reason, DateTimeOffset at);

    /// <summary>Deletes this grain's own stored state whatever it holds: the copy a merged-away lead kept.</summary>
    [Alias("Clear")]
    Task ClearAsync();

    /// <summary>Writes the state if it changed since the last write (the write-behind flush).</summary>
    [Alias("Persist")]
    Task PersistAsync();

    /// <summary>
    /// A paused flow was started again: runs whose wait ended during the pause move on now, and the
    /// waits still to come get their timer and reminder back. The lead first makes sure its node has
    /// seen the flow run again. A merged-away lead forwards.
    /// </summary>
    [Alias("ResumeFlows")]
    Task ResumeFlowsAsync(string flowId);
}
