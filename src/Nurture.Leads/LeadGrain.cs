using Microsoft.Extensions.Logging;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;
using Nurture.Flows;
using Nurture.Leads.Segments;
using Nurture.Conditions;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Nurture.Leads;

/// <summary>
/// One person: identity, sources, counters and running scores. Events are applied in memory and
/// written behind: the ingest dispatcher calls <see cref="PersistAsync"/> for every lead it touched
/// (a few seconds later) before its spool checkpoint passes their events, so a crash loses nothing
/// that a replay cannot restore.
/// Merges are written at once: they are rare and must be durable before the merged-away lead starts
/// forwarding.
/// </summary>
public sealed partial class LeadGrain(
    [PersistentState("lead", StorageNames.Leads)] IPersistentState<LeadState> lead,
    IScoringModelSource models,
    FlowRunner flows,
    IEnumerable<IScoreChangeObserver> observers,
    IEnumerable<ILeadProfileSink> profileSinks,
    ISegmentCatalog segments,
    TimeProvider time,
    DeepCopier<LeadState> copier,
    ILogger<LeadGrain> logger) : Grain, ILeadGrain, IRemindable
{
    private const string FlowReminder = "flows";
    /// <summary>How often a due reminder ticks again until the lead has moved on (Orleans' shortest period).</summary>
    private static readonly TimeSpan FlowReminderRetry = TimeSpan.FromMinutes(1);
    private bool dirty;
    /// <summary>Flags that came before the events that make the lead (ingest answers at once; the dispatcher follows).</summary>
    private List<TraitChange>? earlyFlags;
    private IGrainTimer? flowTimer;
    private DateTimeOffset? flowTimerAt;

    private Guid Id => this.GetPrimaryKey();
    private LeadState State => lead.State;

    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<TrackedEvent> events)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).ApplyAsync(events);
        var model = models.Current;
        var changes = new List<ScoreChange>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!LeadEventProcessor.Begin(State, Id, e, model, changes)) continue;
            dirty = true;
            if (e.LinkLeadId is { } linked && linked != Id && await Lead(linked).GetAsync() is not null)
            {
                // The visitor came through a signed link from an email to another lead: the same person.
                changes.AddRange(await MergeIntoAsync(linked));
                if (i + 1 == events.Count) return new ApplyResult(linked, changes);
                var following = await Lead(linked).ApplyAsync(events.Skip(i + 1).ToList());
                return new ApplyResult(following.LeadId, [.. changes, .. following.Changes]);
            }
            var identified = false;
            if (e.Type == EventTypes.Identify && e.Email is not null)
            {
                var owner = await GrainFactory.GetGrain<IEmailIndexGrain>(e.Email).ClaimAsync(Id);
                if (owner != Id)
                {
                    // The email belongs to another lead: that lead survives; this one takes the identify's
                    // traits, merges into it, and the rest of the batch follows.
                    LeadRecorder.Identify(State, e.Email, LeadRecorder.FromVisitor(e.Traits), e.ReceivedAt, "tracker");
                    changes.AddRange(await MergeIntoAsync(owner));
                    if (i + 1 == events.Count) return new ApplyResult(owner, changes);
                    var rest = await Lead(owner).ApplyAsync(events.Skip(i + 1).ToList());
                    return new ApplyResult(rest.LeadId, [.. changes, .. rest.Changes]);
                }
                identified = true;
            }
            var before = changes.Count;
            LeadEventProcessor.Finish(State, Id, e, model, identified, changes);
            // Flows run in the lead's own turn: a trigger or a goal reacts to this very event at once.
            await flows.OnEventAsync(State, e, changes.GetRange(before, changes.Count - before), model, SetTrait, changes, CancellationToken.None);
        }
        if (earlyFlags is not null && State.Exists)
        {
            foreach (var flag in earlyFlags) LeadRecorder.AddHistory(State, flag);
            earlyFlags = null;
        }
        await ScheduleFlowWakeAsync();
        return new ApplyResult(Id, changes);
    }

    public async Task<IReadOnlyList<ScoreChange>> EnrolAsync(string flowId, string cause)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).EnrolAsync(flowId, cause);
        if (!State.Exists || flows.Catalog.Get(flowId) is not { } flow) return [];
        var changes = new List<ScoreChange>();
        if (!await flows.EnrolManuallyAsync(State, flow, cause, models.Current, time.GetUtcNow(), SetTrait, changes, CancellationToken.None)) return [];
        await SaveAndPublishAsync(changes);
        return changes;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await WakeFlowsAsync(fromReminder: true);

    public async Task ResumeFlowsAsync(string flowId)
    {
        if (State.MergedInto is { } survivor) await Lead(survivor).ResumeFlowsAsync(flowId);
        // This node's copy of the flows may not have caught up with the resume yet; woken then, the runs would stay put.
        else if (State.Exists && await flows.Catalog.ConfirmRunningAsync(flowId, CancellationToken.None)) await WakeFlowsAsync();
    }

    /// <summary>A flow wait ended (timer while active, reminder after a restart or a node loss) or its flow resumed: move the runs on and save at once.</summary>
    private async Task WakeFlowsAsync(bool fromReminder = false)
    {
        flowTimer?.Dispose();
        flowTimer = null;
        flowTimerAt = null;
        var changes = new List<ScoreChange>();
        await flows.OnTimeAsync(State, models.Current, time.GetUtcNow(), SetTrait, changes, CancellationToken.None);
        // Not driven by the dispatcher, so nobody else persists or publishes what changed.
        if (changes.Count > 0) await SaveAndPublishAsync(changes);
        await ScheduleFlowWakeAsync(fromReminder);
    }

    private async Task SaveAndPublishAsync(List<ScoreChange> changes)
    {
        await SaveAsync();
        await observers.NotifyAllAsync(changes, CancellationToken.None);
    }

    /// <summary>
    /// A grain timer wakes the lead precisely while it is active. A reminder (PostgreSQL-backed, ticked by
    /// whichever silo owns the lead's place on the ring) is due at the same moment, so a wait still ends
    /// on time when the node holding the activation restarts or dies; it ticks again every minute until the
    /// lead has moved on, in case a tick fell into a failover. Both only exist while a flow run waits.
    /// </summary>
    private async Task ScheduleFlowWakeAsync(bool fromReminder = false)
    {
        var next = flows.NextWake(State);
        if (next is null)
        {
            flowTimer?.Dispose();
            flowTimer = null;
            flowTimerAt = null;
            // A tick with nothing to wake (a state that was never saved with its wait, say) also ends the reminder.
            if (State.FlowReminderSet || fromReminder)
            {
                if (await this.GetReminder(FlowReminder) is { } reminder) await this.UnregisterReminder(reminder);
                State.FlowReminderSet = false;
                State.FlowReminderAt = null;
                dirty = true;
            }
            return;
        }
        var due = next.Value - time.GetUtcNow();
        if (flowTimerAt != next)
        {
            flowTimer?.Dispose();
            flowTimer = this.RegisterGrainTimer(_ => WakeFlowsAsync(), new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
            flowTimerAt = next;
        }
        // One reminder write per wait, not per activation: the state remembers what it is due for.
        if (!State.FlowReminderSet || State.FlowReminderAt != next)
        {
            await this.RegisterOrUpdateReminder(FlowReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, FlowReminderRetry);
            State.FlowReminderSet = true;
            State.FlowReminderAt = next;
            dirty = true;
        }
    }

    private void SetTrait(string trait, string value, DateTimeOffset at)
    {
        // A flow that names an owner sets the lead's owner: the one the lead page, the inbox and the hand-off show.
        if (trait == LeadRecorder.OwnerTrait) LeadRecorder.SetOwner(State, value, at, "flow");
        else LeadRecorder.SetTrait(State, trait, value, at, "flow");
    }

    public Task<LeadState?> GetAsync() => Task.FromResult(State.Exists || State.MergedInto is not null ? State : null);

    public async Task<IReadOnlyList<ScoreChange>> AbsorbAsync(Immutable<LeadState> absorbed)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).AbsorbAsync(absorbed);
        var other = absorbed.Value;
        if (!State.Exists)
        {
            State.Id = Id;
            State.CreatedAt = other.CreatedAt;
            LeadRecorder.AddOnce(State.HistoryIds, Id);
        }
        if (!LeadMerger.Merge(State, other)) return [];
        var model = models.Current;
        var changes = new List<ScoreChange>();
        var at = State.Counters.LastSeen ?? other.Counters.LastSeen ?? DateTimeOffset.UnixEpoch;
        var cause = $"merge:{other.Id:N}";
        LeadRecorder.AddHistory(State, new TraitChange("merged_lead", null, other.Id.ToString("D"), time.GetUtcNow(), "merge"));
        LeadScorer.Merge(State.Scores, other.Scores, model);
        LeadScorer.UpdateFit(State.Scores, Id, LeadRecorder.TraitValues(State), State.Emails, model, cause, at, changes);
        LeadScorer.UpdateStage(State.Scores, Id, State.IsKnown, model, cause, at, changes);
        await SaveAsync();
        LogAbsorbed(new LeadLogName(other.Id), new LeadLogName(Id));
        return changes;
    }

    public async Task<bool> RescoreAsync(IReadOnlyList<TrackedEvent> history)
    {
        if (State.MergedInto is not null || !State.Exists) return false;
        // A history shorter than what this lead counted means ClickHouse has not caught up yet: try later.
        if (history.Count(e => !e.IsBot) < State.Counters.Events) return false;
        State.Scores = LeadEventProcessor.Replay(State, history, models.Current, time.GetUtcNow());
        await SaveAsync();
        return true;
    }

    public async Task PersistAsync()
    {
        if (!dirty) return;
        await SaveAsync();
    }

    /// <summary>
    /// Writes the state, then hands the lead list its new row. Before writing, the lead judges itself
    /// against the simple segments, so their membership (and the flows they trigger) follows at once.
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var segmentChanges = State.Exists && State.MergedInto is null ? await FollowLiveSegmentsAsync(now) : null;
        State.ProfileVersion = Math.Max(State.ProfileVersion + 1, now.ToUnixTimeMilliseconds());
        // The list row goes first: a crash between the two leaves a row for a state that a replay or the
        // next save writes again, never a saved state whose row was lost (a save that finds nothing
        // changed does not publish again).
        if (State.Exists || State.MergedInto is not null) await PublishProfileAsync(LeadProfiles.From(State, models.Current, now), cancellationToken);
        await lead.WriteStateAsync(cancellationToken);
        dirty = false;
        if (segmentChanges is { Count: > 0 })
        {
            await observers.NotifyAllAsync(segmentChanges, CancellationToken.None);
        }
    }

    private async Task PublishProfileAsync(LeadProfile profile, CancellationToken cancellationToken)
    {
        foreach (var sink in profileSinks)
        {
            try
            {
                await sink.PublishAsync(profile, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The list row is derived: it follows with the lead's next save.
                LogProfileNotPublished(ex, new LeadLogName(Id));
            }
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Written with the next change: a lead nobody touches keeps its old names harmlessly.
        if (LeadRecorder.RenameLegacyTraits(State)) dirty = true;
        if (LeadRecorder.AdoptOwnerTrait(State)) dirty = true;
        if (State.FlowReminderSet) await ScheduleFlowWakeAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Best effort: the dispatcher's replay restores whatever this write does not save.
        if (dirty) await SaveAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ScoreChange>> MergeIntoAsync(Guid survivor, string actor)
    {
        if (State.MergedInto is not null || !State.Exists || survivor == Id) return [];
        LeadRecorder.AddHistory(State, new TraitChange("merged_into", null, survivor.ToString("D"), time.GetUtcNow(), actor));
        return await MergeIntoAsync(survivor);
    }

    private async Task<IReadOnlyList<ScoreChange>> MergeIntoAsync(Guid survivor)
    {
        var changes = await Lead(survivor).AbsorbAsync(copier.Copy(State).AsImmutable());
        State.MergedInto = survivor;
        await SaveAsync();
        foreach (var email in State.Emails)
        {
            await GrainFactory.GetGrain<IEmailIndexGrain>(email).TransferAsync(Id, survivor);
        }
        LogMerged(new LeadLogName(Id), new LeadLogName(survivor));
        return changes;
    }

    private ILeadGrain Lead(Guid id) => GrainFactory.GetGrain<ILeadGrain>(id);

    // Leads are named by their pseudonym in the log (LeadPseudonym): an erased person's ids must not stay there.
    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {Merged} merged into {Survivor}")]
    private partial void LogMerged(LeadLogName merged, LeadLogName survivor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead {Lead}: its lead-list row could not be published")]
    private partial void LogProfileNotPublished(Exception ex, LeadLogName lead);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead {Merged} absorbed by {Survivor}")]
    private partial void LogAbsorbed(LeadLogName merged, LeadLogName survivor);
}
