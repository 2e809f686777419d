using System.Text.Json;
using Nurture.Abstractions;

namespace Nurture.Http;

/// <summary>
/// A JSON object body read by hand, so every problem (broken JSON, wrong types, absent fields, huge
/// or odd strings) becomes a 400 naming the field by its JSON path (<c>$.name</c>) instead of a bare
/// 400 or a 500. Also tells an absent field from an explicit null, which partial updates need.
/// </summary>
public sealed class JsonBody : IDisposable
{
    private readonly JsonDocument document;

    private JsonBody(JsonDocument document) => this.document = document;

    /// <summary>Every problem found so far, keyed by JSON path.</summary>
    public List<FieldError> Errors { get; } = [];

    /// <summary>Records a problem with the body's field <paramref name="name"/>.</summary>
    public void Error(string name, string reason) => Errors.Add(new(PathOf(name), reason));

    /// <summary>A field's JSON path, as errors name it.</summary>
    public static string PathOf(string name) => JsonPath.Member(JsonPath.Root, name);

    /// <summary>The body, or the 400 to answer when it is not a JSON object.</summary>
    public static async Task<(JsonBody? Body, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.BadRequest(JsonPath.Root, $"is not valid JSON: {ex.Message}"));
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return (new JsonBody(document), null);
        document.Dispose();
        return (null, ApiErrors.BadRequest(JsonPath.Root, "must be a JSON object"));
    }

    public bool Has(string name) => document.RootElement.TryGetProperty(name, out _);

    /// <summary>
    /// A string field: trimmed (unless <paramref name="trim"/> is false), 1 to <paramref name="maxLength"/>
    /// characters, no control characters or broken Unicode. Null when absent or JSON null (an error if
    /// <paramref name="required"/>) or invalid (with the error recorded).
    /// </summary>
    public string? String(string name, int maxLength, bool required, bool trim = true)
    {
        if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(name, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String) return Fail(name, "must be a string");
        if (Text(value) is not { } text) return Fail(name, "must not contain control characters or invalid Unicode");
        if (trim) text = text.Trim();
        if (text.Length == 0) return Fail(name, "must not be empty");
        if (text.Length > maxLength) return Fail(name, $"must be at most {maxLength} characters");
        if (text.Any(char.IsControl) || UnicodeText.HasLoneSurrogate(text)) return Fail(name, "must not contain control characters or invalid Unicode");
        return text;
    }

    /// <summary>
    /// A JSON string's text, or null when it is not a string or cannot be one: GetString throws on an
    /// escaped lone surrogate ("\ud800"), which would otherwise surface as a 500.
    /// </summary>
    public static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The names of the body's fields, to refuse the ones an endpoint does not know.</summary>
    public IEnumerable<string> FieldNames() => document.RootElement.EnumerateObject().Select(p => p.Name);

    /// <summary>
    /// An array of strings, each checked by <paramref name="check"/> (which answers the value to keep, or
    /// null after adding an error named by the item's path, such as <c>$.publicTraits[2]</c>). Null when absent.
    /// </summary>
    public List<string>? StringList(string name, int maxItems, Func<string, List<FieldError>, string, string?> check)
    {
        if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) return FailList(name, "must be an array of strings");
        if (value.GetArrayLength() > maxItems) return FailList(name, $"has more than {maxItems} items");
        var list = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = JsonPath.Index(PathOf(name), i++);
            if (Text(item) is not { } text || text.Any(char.IsControl) || UnicodeText.HasLoneSurrogate(text))
            {
                Errors.Add(new(path, "must be a string without control characters or invalid Unicode"));
                continue;
            }
            if (check(text, Errors, path) is { } kept) list.Add(kept);
        }
        return list;
    }

    private List<string>? FailList(string name, string reason)
    {
        Error(name, reason);
        return null;
    }

    /// <summary>A field's raw value for a reader of its own (numbers given as text or number, say); null when absent or JSON null.</summary>
    public JsonElement? Value(string name) =>
        document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public bool? Boolean(string name)
    {
        if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error(name, "must be true or false");
        return null;
    }

    private string? Fail(string name, string reason)
    {
        Error(name, reason);
        return null;
    }

    public void Dispose() => document.Dispose();
}
