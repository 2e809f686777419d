using System.Text.Json;
using Nurture.Abstractions;

namespace Nurture.Scoring.Model;

/// <summary>
/// Reads typed values out of a JSON document and collects every problem with its JSON path, so a
/// refused model lists all its errors at once instead of the first.
/// </summary>
public sealed class ModelReader
{
    public List<ModelError> Errors { get; } = [];

    public void Error(string path, string reason) => Errors.Add(new ModelError(path, reason));

    /// <summary>The object's properties, with an error for each name not in <paramref name="known"/>.</summary>
    public bool Object(JsonElement element, string path, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, "must be an object");
            return false;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (known.Length > 0 && !known.Contains(property.Name)) Error(JsonPath.Member(path, property.Name), "is not a known field");
        }
        return true;
    }

    public string? String(JsonElement parent, string name, string path, bool required, int maxLength = 200)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error($"{path}.{name}", "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Error($"{path}.{name}", "must be a string");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            Error($"{path}.{name}", $"must be 1 to {maxLength} characters");
            return null;
        }
        return text;
    }

    public double? Number(JsonElement parent, string name, string path, bool required, double min, double max)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error($"{path}.{name}", "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error($"{path}.{name}", "must be a number");
            return null;
        }
        if (number < min || number > max)
        {
            Error($"{path}.{name}", $"must be between {min} and {max}");
            return null;
        }
        return number;
    }

    public int? Integer(JsonElement parent, string name, string path, int min, int max)
    {
        var number = Number(parent, name, path, required: false, min, max);
        if (number is null) return null;
        if (number != Math.Floor(number.Value))
        {
            Error($"{path}.{name}", "must be a whole number");
            return null;
        }
        return (int)number;
    }

    public bool? Boolean(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error($"{path}.{name}", "must be true or false");
        return null;
    }

    public IEnumerable<(JsonElement Item, string Path)> Array(JsonElement parent, string name, string path, bool required, int maxItems)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error($"{path}.{name}", "is required");
            yield break;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error($"{path}.{name}", "must be an array");
            yield break;
        }
        if (value.GetArrayLength() > maxItems)
        {
            Error($"{path}.{name}", $"has more than {maxItems} items");
            yield break;
        }
        var i = 0;
        foreach (var item in value.EnumerateArray()) yield return (item, $"{path}.{name}[{i++}]");
    }
}
