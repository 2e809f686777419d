namespace Nurture.Spool;

/// <summary>
/// Remembers client event ids for a window so a retried event is acknowledged but kept once.
/// Rebuilt on start from the spool's segments and the key files of those already deleted, so a restart
/// does not forget.
/// Not thread-safe: the spool calls it under its lock.
/// </summary>
internal sealed class EventDeduplicator(TimeSpan window)
{
    private readonly Dictionary<ulong, long> seen = [];
    private readonly Queue<(long Ticks, ulong Key)> byAge = new();

    public int Count => seen.Count;

    /// <summary>True when the key is new (and now remembered); false for a retry inside the window.</summary>
    public bool TryAdd(ulong key, long nowTicks)
    {
        Expire(nowTicks);
        if (seen.ContainsKey(key)) return false;
        seen[key] = nowTicks;
        byAge.Enqueue((nowTicks, key));
        return true;
    }

    /// <summary>Forgets a key whose append failed, so the client's retry is accepted.</summary>
    public void Forget(ulong key) => seen.Remove(key);

    private void Expire(long nowTicks)
    {
        var horizon = nowTicks - window.Ticks;
        while (byAge.TryPeek(out var oldest) && oldest.Ticks < horizon)
        {
            byAge.Dequeue();
            if (seen.TryGetValue(oldest.Key, out var ticks) && ticks == oldest.Ticks) seen.Remove(oldest.Key);
        }
    }
}
