using System.Text.Json;

namespace Nurture.EventStore;

/// <summary>Reading JSONEachRow rows: ClickHouse stores "absent" as an empty string; give it back as null.</summary>
internal static class ClickHouseRows
{
    public static string? Text(JsonElement row, string name) => row.GetProperty(name).GetString() is { Length: > 0 } s ? s : null;

    public static List<string> Texts(JsonElement row, string name) => row.GetProperty(name).EnumerateArray().Select(v => v.GetString()!).ToList();

    /// <summary>ClickHouse quotes 64-bit integers in JSON by default; accept either form.</summary>
    public static long Long(JsonElement row, string name)
    {
        var value = row.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : value.GetInt64();
    }

    public static double Double(JsonElement row, string name)
    {
        var value = row.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : value.GetDouble();
    }

    /// <summary>A DateTime column read as unix seconds (toUnixTimestamp); 0 means never.</summary>
    public static DateTimeOffset? Time(JsonElement row, string name) =>
        Long(row, name) is > 0 and var seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
