using System.Text.Json;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// An error answer read as the server's one contract, RFC 9457 problem details: type, title, status (the
/// HTTP status), an optional detail, and errors from where the problem is (a JSON path from $ for a body
/// field, a name for a parameter, header or form field) to its reasons. Reading one checks that shape.
/// </summary>
public sealed record ProblemBody(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, JsonElement Body)
{
    public const string MediaType = "application/problem+json";

    /// <summary>The answer's problem; fails unless it is problem+json with the shape above.</summary>
    public static async Task<ProblemBody> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}";
        Assert.True(response.Content.Headers.ContentType?.MediaType == MediaType, $"{what} as {response.Content.Headers.ContentType}: '{text}'");
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"{what} with a body that is not JSON: '{text}'");
        }
        return Of((int)response.StatusCode, body);
    }

    /// <summary>A body already parsed (as <see cref="NurtureApp.SendJsonAsync"/> answers it) with the status it came with.</summary>
    public static ProblemBody Of(int status, JsonElement body)
    {
        Assert.True(body.ValueKind == JsonValueKind.Object, $"{status} answered no JSON object: {body.ValueKind}");
        Assert.True(body.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.Length > 0, $"no type: {body}");
        Assert.True(body.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String, $"no title: {body}");
        Assert.True(body.TryGetProperty("status", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == status,
            $"the body's status is not the HTTP status {status}: {body}");
        Assert.True(body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object, $"no errors object: {body}");
        var keyed = errors.EnumerateObject().ToDictionary(
            e => e.Name, e => e.Value.EnumerateArray().Select(r => r.GetString()!).ToArray(), StringComparer.Ordinal);
        Assert.All(keyed, e => Assert.NotEmpty(e.Value));
        var detail = body.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return new ProblemBody(status, title.GetString()!, detail, keyed, body);
    }

    /// <summary>Where the problems are, in the order the server listed them.</summary>
    public IReadOnlyList<string> Keys => [.. Errors.Keys];

    /// <summary>The only place a problem is at (fails when there are none or several).</summary>
    public string Key => Assert.Single(Errors).Key;

    /// <summary>The reasons given at <paramref name="key"/> (fails when there are none).</summary>
    public string[] At(string key) =>
        Errors.TryGetValue(key, out var reasons) ? reasons : throw new Xunit.Sdk.XunitException($"no error at {key}; the errors are at {string.Join(", ", Keys)}: {Body}");

    /// <summary>The first reason at <paramref name="key"/>.</summary>
    public string Reason(string key) => At(key)[0];
}
