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

    /// <summary>Removes and answers the leads unwritten since <paramref name="before"/> or earlier.</summary>
    public IReadOnlyList<Guid> TakeDue(DateTimeOffset before)
    {
        var due = new List<Guid>();
        foreach (var (lead, entry) in leads)
        {
            if (entry.Since <= before) due.Add(lead);
        }
        foreach (var lead in due) leads.Remove(lead);
        return due;
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
