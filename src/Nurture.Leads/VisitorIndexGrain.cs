using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>
/// A visitor's current lead, on the way of its events. The visitor's own lead id derives from the
/// visitor, and a lead that merged away forwards to its survivor, so nothing needs storing: while
/// active the index remembers the survivor to skip that hop, and activating it reads no database (a
/// returning visitor costs one state read, its lead's, not two).
/// </summary>
public sealed class VisitorIndexGrain : Grain, IVisitorIndexGrain
{
    // The largest chain of merges GetLeadAsync follows (each merge adds one; a cycle would be a bug).
    private const int MaxForwards = 64;

    // Kept: making a grain reference resolves the interface's attributes by reflection each time.
    private ILeadGrain? lead;

    public async Task<ApplyResult> TrackAsync(IReadOnlyList<TrackedEvent> events)
    {
        // Until a merge moves it, the visitor's lead is the one ingest stamped on its events.
        lead ??= GrainFactory.GetGrain<ILeadGrain>(events[0].LeadId);
        var applied = await lead.ApplyAsync(events);
        if (applied.LeadId != lead.GetPrimaryKey()) lead = GrainFactory.GetGrain<ILeadGrain>(applied.LeadId);
        return applied;
    }

    public async Task<Guid> GetLeadAsync()
    {
        var id = lead?.GetPrimaryKey() ?? OwnLead();
        for (var i = 0; i < MaxForwards && (await GrainFactory.GetGrain<ILeadGrain>(id).GetAsync())?.MergedInto is { } next; i++) id = next;
        return id;
    }

    public Task ForgetAsync()
    {
        lead = null;
        return Task.CompletedTask;
    }

    private Guid OwnLead()
    {
        var key = this.GetPrimaryKeyString();
        var colon = key.IndexOf(':');
        return LeadIds.ForVisitor(Guid.ParseExact(key[..colon], "N"), key[(colon + 1)..]);
    }
}
