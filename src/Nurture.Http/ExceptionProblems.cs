using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Abstractions;

namespace Nurture.Http;

/// <summary>
/// The answer to an exception that reached the exception handler. A body or parameter the framework could
/// not bind (malformed JSON, a wrong content type, no body) is the caller's error and names where; anything
/// else is a 500 whose cause goes to the log, never to the caller.
/// </summary>
public static partial class ExceptionProblems
{
    private const int MaxReason = 300;

    public static IResult For(Exception? error)
    {
        if (error is not BadHttpRequestException bad)
            return ApiErrors.Problem(StatusCodes.Status500InternalServerError, [], "An unexpected error occurred; it was logged.");
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return ApiErrors.Problem(bad.StatusCode, [new("Content-Type", "must be application/json")]);
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return ApiErrors.Problem(bad.StatusCode, [new(JsonPath.Root, "is larger than this route accepts")]);
        // The serializer knows where in the body it stopped ($.traits.company); the reader alone does not.
        if (bad.InnerException is JsonException json)
        {
            // Its message would name our types ("could not be converted to Nurture.Server…"): the path says enough.
            var why = json.Message.Contains("could not be converted", StringComparison.Ordinal) ? "is not of the type this field takes" : Short($"is not valid JSON: {json.Message}");
            return ApiErrors.Problem(bad.StatusCode, [new(json.Path ?? JsonPath.Root, why)]);
        }
        if (bad.Message.StartsWith("Implicit body", StringComparison.Ordinal))
            return ApiErrors.Problem(bad.StatusCode, [new(JsonPath.Root, "is required: this route takes a JSON body")]);
        var key = bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? JsonPath.Root
            : Parameter().Match(bad.Message) is { Success: true } m ? m.Groups[1].Value : JsonPath.Root;
        return ApiErrors.Problem(bad.StatusCode, [new(key, Short(bad.Message))]);
    }

    private static string Short(string text) => text.Length <= MaxReason ? text : text[..MaxReason] + "…";

    /// <summary>The framework's messages name a parameter as "Type name": 'Failed to bind parameter "int limit" from "x".'</summary>
    [GeneratedRegex("parameter \"[^\" ]+ (\\w+)\"")]
    private static partial Regex Parameter();
}
