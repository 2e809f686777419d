namespace Nurture.Abstractions.Leads;

/// <summary>Anonymous visitor id (per site) → the lead it belongs to. Key: <see cref="LeadIds.VisitorKey"/>.</summary>
[Alias("nurture.IVisitorIndexGrain")]
public interface IVisitorIndexGrain : IGrainWithStringKey
{
    /// <summary>The lead that holds the visitor now: its own, or the survivor of the merges it went through.</summary>
    [Alias("GetLead")]
    Task<Guid> GetLeadAsync();
}
