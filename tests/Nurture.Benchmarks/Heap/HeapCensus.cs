using Microsoft.Diagnostics.Runtime;

namespace Nurture.Benchmarks.Heap;

/// <summary>Counts of one walk over a suspended process's managed heap.</summary>
public sealed class HeapCensus
{
    public readonly record struct Tally(long Count, long Bytes)
    {
        public Tally Plus(ulong bytes) => new(Count + 1, Bytes + (long)bytes);
    }

    public Dictionary<(Generation Generation, string Type), Tally> ByType { get; } = [];
    public Dictionary<(string Holder, Generation HolderGeneration, string Held), Tally> IntoGen1 { get; } = [];
    public Dictionary<string, int> Gen1Strings { get; } = new(StringComparer.Ordinal);

    public static HeapCensus Take(ClrHeap heap)
    {
        var census = new HeapCensus();
        foreach (var obj in heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.IsFree) continue;
            var generation = GenerationOf(heap, obj.Address);
            var type = obj.Type?.Name ?? "?";
            census.ByType[(generation, type)] = census.ByType.GetValueOrDefault((generation, type)).Plus(obj.Size);
            if (generation == Generation.Generation1 && obj.Type?.IsString == true)
            {
                var text = obj.AsString(60) ?? "";
                census.Gen1Strings[text] = census.Gen1Strings.GetValueOrDefault(text) + 1;
            }
            foreach (var held in obj.EnumerateReferences(carefully: false, considerDependantHandles: false))
            {
                if (GenerationOf(heap, held.Address) != Generation.Generation1) continue;
                var key = (type, generation, held.Type?.Name ?? "?");
                census.IntoGen1[key] = census.IntoGen1.GetValueOrDefault(key).Plus(held.Size);
            }
        }
        return census;
    }

    private static Generation GenerationOf(ClrHeap heap, ulong address) =>
        heap.GetSegmentByAddress(address)?.GetGeneration(address) ?? Generation.Unknown;
}
