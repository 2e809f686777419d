using Nurture.Abstractions.Events;

namespace Nurture.Abstractions.Leads;

/// <summary>Anonymous visitor id (per site) → the lead it belongs to. Key: <see cref="LeadIds.VisitorKey"/>.</summary>
[Alias("nurture.IVisitorIndexGrain")]
public interface IVisitorIndexGrain : IGrainWithStringKey
{
    /// <summary>Routes the visitor's events to its lead; answers the lead that applied them and the score changes.</summary>
    [Alias("Track")]
    Task<ApplyResult> TrackAsync(IReadOnlyList<TrackedEvent> events);

    /// <summary>The lead that holds the visitor now: its own, or the survivor of the merges it went through.</summary>
    [Alias("GetLead")]
    Task<Guid> GetLeadAsync();

    /// <summary>Forgets the survivor it remembered (erasure): the visitor starts again as a stranger.</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}
