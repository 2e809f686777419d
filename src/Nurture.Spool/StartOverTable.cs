using System.Collections.Concurrent;

namespace Nurture.Spool;

/// <summary>
/// A concurrent table keyed by string that holds at most <c>capacity</c> entries and starts over once
/// full: for what repeats from event to event (a page title, a browser's User-Agent header), where a
/// bound on memory matters more than keeping every entry, and hostile input only costs misses.
/// </summary>
public sealed class StartOverTable<TValue>
{
    private readonly int capacity;
    private readonly ConcurrentDictionary<string, TValue> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    private int count;

    public StartOverTable(int capacity)
    {
        this.capacity = capacity;
        bySpan = entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(string key, out TValue value) => entries.TryGetValue(key, out value!);

    public bool TryGet(ReadOnlySpan<char> key, out TValue value) => bySpan.TryGetValue(key, out value!);

    /// <summary>Adds the entry unless the key is there already; answers the value the table keeps.</summary>
    public TValue Add(string key, TValue value)
    {
        if (Interlocked.Increment(ref count) > capacity)
        {
            entries.Clear();
            Volatile.Write(ref count, 0);
        }
        return entries.GetOrAdd(key, value);
    }
}
