using System.Text.Json;

namespace Nurture.EventStore;

/// <summary>Reading JSONEachRow rows: ClickHouse stores "absent" as an empty string; give it back as null.</summary>
internal static class ClickHouseRows
{
    public static string? Text(JsonElement row, string name) => row.GetProperty(name).GetString() is { Length: > 0 } s ? s : null;

    public static List<string> Texts(JsonElement row, string name) => row.GetProperty(name).EnumerateArray().Select(v => v.GetString()!).ToList();
}
