using Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>
/// One person. Events are applied in memory and written behind: the ingest dispatcher calls
/// <see cref="PersistAsync"/> for every lead it touched before it moves its spool checkpoint, so a
/// crash loses nothing that a replay cannot restore. Merges are written at once: they are rare and
/// must be durable before the merged-away lead starts forwarding.
/// </summary>
public sealed partial class LeadGrain(
    [PersistentState("lead", StorageNames.Leads)] IPersistentState<LeadState> lead,
    ILogger<LeadGrain> logger) : Grain, ILeadGrain
{
    private bool dirty;

    private Guid Id => this.GetPrimaryKey();
    private LeadState State => lead.State;

    public async Task<Guid> ApplyAsync(IReadOnlyList<TrackedEvent> events)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).ApplyAsync(events);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!LeadRecorder.Apply(State, Id, e)) continue;
            dirty = true;
            if (e.Type != EventTypes.Identify || e.Email is null) continue;

            var owner = await GrainFactory.GetGrain<IEmailIndexGrain>(e.Email).ClaimAsync(Id);
            LeadRecorder.Identify(State, e.Email, e.Traits, e.ReceivedAt, "tracker");
            if (owner == Id) continue;

            // The email belongs to another lead: that lead survives; this one merges into it and the
            // rest of the batch follows.
            await MergeIntoAsync(owner);
            return i + 1 < events.Count ? await Lead(owner).ApplyAsync(events.Skip(i + 1).ToList()) : owner;
        }
        return Id;
    }

    public Task<LeadState?> GetAsync() => Task.FromResult(State.Exists || State.MergedInto is not null ? State : null);

    public async Task AbsorbAsync(LeadState other)
    {
        if (State.MergedInto is { } survivor)
        {
            await Lead(survivor).AbsorbAsync(other);
            return;
        }
        if (!State.Exists)
        {
            State.Id = Id;
            State.CreatedAt = other.CreatedAt;
            LeadRecorder.AddOnce(State.HistoryIds, Id);
        }
        if (!LeadMerger.Merge(State, other)) return;
        await lead.WriteStateAsync();
        dirty = false;
        LogAbsorbed(other.Id, Id);
    }

    public async Task PersistAsync()
    {
        if (!dirty) return;
        await lead.WriteStateAsync();
        dirty = false;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Best effort: the dispatcher's replay restores whatever this write does not save.
        if (dirty) await lead.WriteStateAsync(cancellationToken);
    }

    private async Task MergeIntoAsync(Guid survivor)
    {
        await Lead(survivor).AbsorbAsync(State);
        State.MergedInto = survivor;
        await lead.WriteStateAsync();
        dirty = false;
        foreach (var email in State.Emails)
        {
            await GrainFactory.GetGrain<IEmailIndexGrain>(email).TransferAsync(Id, survivor);
        }
        LogMerged(Id, survivor);
    }

    private ILeadGrain Lead(Guid id) => GrainFactory.GetGrain<ILeadGrain>(id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {Merged} merged into {Survivor}")]
    private partial void LogMerged(Guid merged, Guid survivor);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead {Merged} absorbed by {Survivor}")]
    private partial void LogAbsorbed(Guid merged, Guid survivor);
}
