using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>
/// A visitor's current lead. The visitor's own lead id derives from the visitor, and a lead that merged
/// away forwards to its survivor, so nothing needs storing: the index follows that chain. Events take
/// the same way without the index (the dispatcher calls the visitor's own lead, which forwards), so
/// the common case, a visitor never merged, costs one grain call per batch.
/// </summary>
public sealed class VisitorIndexGrain : Grain, IVisitorIndexGrain
{
    // The largest chain of merges followed (each merge adds one; a cycle would be a bug).
    private const int MaxForwards = 64;

    public async Task<Guid> GetLeadAsync()
    {
        var id = OwnLead();
        for (var i = 0; i < MaxForwards && (await GrainFactory.GetGrain<ILeadGrain>(id).GetAsync())?.MergedInto is { } next; i++) id = next;
        return id;
    }

    private Guid OwnLead()
    {
        var key = this.GetPrimaryKeyString();
        var colon = key.IndexOf(':');
        return LeadIds.ForVisitor(Guid.ParseExact(key[..colon], "N"), key[(colon + 1)..]);
    }
}
