namespace Nurture.Server.Ingest;

/// <summary>
/// The leads holding delivered events only in memory: for each, the spool position of the first such
/// event and when it was delivered. It tells the dispatcher which leads are due to write and how far
/// its checkpoint may move.
/// </summary>
public sealed class UnwrittenLeads
{
    private readonly Dictionary<Guid, (long FirstSeq, DateTimeOffset Since)> leads = [];

    public int Count => leads.Count;

    /// <summary>Notes leads that took events from a batch starting at <paramref name="firstSeq"/>; a lead already noted keeps its older position.</summary>
    public void Add(IEnumerable<Guid> touched, long firstSeq, DateTimeOffset now)
    {
        foreach (var lead in touched) leads.TryAdd(lead, (firstSeq, now));
    }

    /// <summary>
    /// Removes and answers at most <paramref name="max"/> of the leads unwritten since <paramref name="before"/>
    /// or earlier, those holding the oldest events first (they are what keeps the checkpoint back).
    /// </summary>
    public IReadOnlyList<Guid> TakeDue(DateTimeOffset before, int max)
    {
        var due = leads.Where(pair => pair.Value.Since <= before);
        var taken = (leads.Count > max ? due.OrderBy(pair => pair.Value.FirstSeq).Take(max) : due).Select(pair => pair.Key).ToList();
        foreach (var lead in taken) leads.Remove(lead);
        return taken;
    }

    /// <summary>
    /// The last spool position every lead has written (the checkpoint may move there), given that
    /// everything up to <paramref name="delivered"/> was delivered and no write is in flight.
    /// </summary>
    public long SafePosition(long delivered)
    {
        var safe = delivered;
        foreach (var entry in leads.Values) safe = Math.Min(safe, entry.FirstSeq - 1);
        return safe;
    }
}
