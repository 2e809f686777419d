using System.Text.Json.Serialization;
using Nurture.Abstractions;

namespace Nurture.Ingest.Wire;

/// <summary>Why one event of a batch was refused: its position, the field, and the reason.</summary>
public sealed record Rejection(int Index, string Field, string Reason)
{
    /// <summary>Only the named part was dropped (a trait a visitor may not set); the rest of the event was kept.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EventKept { get; init; }

    /// <summary>
    /// Where the problem is, as the API's errors name it: a JSON path into the batch (<c>$[0].traits.owner</c>,
    /// <c>$[2]</c> for a whole event, <c>$</c> for the body), or a header's name for what came with the request.
    /// </summary>
    public string Path { get; init; } = PathOf(Index, Field);

    /// <summary>
    /// An event's fields are flat apart from its two maps, so <see cref="Field"/> is a field's name, or
    /// <c>traits.</c>/<c>props.</c> and one key (which may hold dots itself).
    /// </summary>
    private static string PathOf(int index, string field)
    {
        var item = index < 0 ? JsonPath.Root : JsonPath.Index(JsonPath.Root, index);
        if (field.Length == 0) return item;
        var dot = field.IndexOf('.');
        if (dot > 0 && field[..dot] is "traits" or "props") return JsonPath.Member(JsonPath.Member(item, field[..dot]), field[(dot + 1)..]);
        return JsonPath.Member(item, field);
    }
}
