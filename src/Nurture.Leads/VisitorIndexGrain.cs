using Orleans.Runtime;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>
/// A visitor's current lead. Until the visitor's lead merges away the answer is the id derived from
/// the visitor itself, so nothing is stored; after a merge the survivor is stored to skip the hop.
/// </summary>
public sealed class VisitorIndexGrain(
    [PersistentState("visitor", StorageNames.Leads)] IPersistentState<VisitorIndexState> index) : Grain, IVisitorIndexGrain
{
    // Kept: making a grain reference resolves the interface's attributes by reflection each time.
    private ILeadGrain? lead;

    public async Task<ApplyResult> TrackAsync(IReadOnlyList<TrackedEvent> events)
    {
        // Until a merge moves it, the visitor's lead is the one ingest stamped on its events.
        var target = index.State.LeadId ?? events[0].LeadId;
        if (lead is null || lead.GetPrimaryKey() != target) lead = GrainFactory.GetGrain<ILeadGrain>(target);
        var applied = await lead.ApplyAsync(events);
        if (applied.LeadId != target)
        {
            index.State.LeadId = applied.LeadId;
            await index.WriteStateAsync();
        }
        return applied;
    }

    public Task<Guid> GetLeadAsync() => Task.FromResult(CurrentLead());

    public async Task ForgetAsync()
    {
        if (index.State.LeadId is not null) await index.ClearStateAsync();
    }

    private Guid CurrentLead()
    {
        if (index.State.LeadId is { } stored) return stored;
        var key = this.GetPrimaryKeyString();
        var colon = key.IndexOf(':');
        return LeadIds.ForVisitor(Guid.ParseExact(key[..colon], "N"), key[(colon + 1)..]);
    }
}

[GenerateSerializer, Alias("nurture.VisitorIndexState")]
public sealed class VisitorIndexState
{
    [Id(0)] public Guid? LeadId { get; set; }
}
