using Orleans.Runtime;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>The single owner of a normalised email. Writes at once: a claim must never be forgotten.</summary>
public sealed class EmailIndexGrain(
    [PersistentState("email", StorageNames.Leads)] IPersistentState<EmailIndexState> index) : Grain, IEmailIndexGrain
{
    public async Task<Guid> ClaimAsync(Guid leadId)
    {
        if (index.State.Owner is { } owner) return owner;
        index.State.Owner = leadId;
        await index.WriteStateAsync();
        return leadId;
    }

    public Task<Guid?> GetOwnerAsync() => Task.FromResult(index.State.Owner);

    public async Task TransferAsync(Guid from, Guid to)
    {
        if (index.State.Owner is { } owner && owner != from) return;
        index.State.Owner = to;
        await index.WriteStateAsync();
    }

    public async Task ReleaseAsync(Guid owner)
    {
        if (index.State.Owner != owner) return;
        await index.ClearStateAsync();
    }
}

[GenerateSerializer, Alias("nurture.EmailIndexState")]
public sealed class EmailIndexState
{
    [Id(0)] public Guid? Owner { get; set; }
}
