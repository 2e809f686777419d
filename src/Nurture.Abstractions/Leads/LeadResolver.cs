namespace Nurture.Abstractions.Leads;

/// <summary>
/// Finds the lead an id stands for now: a lead merged into another forwards to it for ever, so an id
/// kept anywhere (an alert, an assignment, a URL) is followed to the survivor before it is read.
/// </summary>
public static class LeadResolver
{
    /// <summary>Bounded, in case forwards ever formed a cycle.</summary>
    private const int MaxHops = 16;

    /// <summary>The surviving lead's state, or null when there is none within <see cref="MaxHops"/> forwards.</summary>
    public static async Task<LeadState?> ResolveAsync(IGrainFactory grains, Guid leadId)
    {
        var current = leadId;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var state = await grains.GetGrain<ILeadGrain>(current).GetAsync();
            if (state?.MergedInto is not { } next) return state;
            current = next;
        }
        return null;
    }
}
