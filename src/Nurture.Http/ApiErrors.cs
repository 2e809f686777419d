using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Nurture.Http;

/// <summary>
/// Every error answer of the server, made one way: RFC 9457 problem details (<c>application/problem+json</c>)
/// with <c>type</c>, <c>title</c> (the status's reason phrase), <c>status</c>, an optional <c>detail</c>, and
/// <c>errors</c>: an object from where the problem is (see <see cref="FieldError"/>) to its reasons, as
/// ASP.NET Core's validation problems have it, present even when empty so clients read one shape.
/// Structured extras are camelCase extensions (<c>existing</c>, <c>locations</c>, <c>retryAfter</c>).
/// </summary>
public static class ApiErrors
{
    public static IResult BadRequest(string field, string reason) => BadRequest([new FieldError(field, reason)]);

    public static IResult BadRequest(IEnumerable<FieldError> errors, string? detail = null) =>
        Problem(StatusCodes.Status400BadRequest, errors, detail);

    public static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, [], $"{what} was not found.");

    /// <summary>409: the request clashes with another record (an email another lead owns); <c>existing</c> says which.</summary>
    public static IResult Conflict(string field, string reason, Guid existing) =>
        Problem(StatusCodes.Status409Conflict, [new FieldError(field, reason)], "The request conflicts with an existing record.",
            new Dictionary<string, object?> { ["existing"] = existing });

    /// <summary>409: the request is valid but the record is not in a state that allows it.</summary>
    public static IResult Refused(string field, string reason) =>
        Problem(StatusCodes.Status409Conflict, [new FieldError(field, reason)], "The request conflicts with the record's current state.");

    /// <summary>503 with Retry-After: a store we depend on is away for now.</summary>
    public static IResult Unavailable(string what, int retryAfterSeconds) =>
        RetryAfter(StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(retryAfterSeconds), [], $"{what} is unavailable; retry after the time in Retry-After.");

    /// <summary>
    /// A status that tells the caller when to come back (429, 503): the Retry-After header, and the same
    /// seconds as <c>retryAfter</c> for clients that read only the body.
    /// </summary>
    public static IResult RetryAfter(int status, TimeSpan wait, IEnumerable<FieldError> errors, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new WithRetryAfter(Problem(status, errors, detail, new Dictionary<string, object?> { ["retryAfter"] = seconds }), seconds);
    }

    /// <summary>Any status; errors with the same key are listed under it in order, each reason once.</summary>
    public static IResult Problem(int status, IEnumerable<FieldError> errors, string? detail = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var grouped = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in errors.GroupBy(e => e.Field, StringComparer.Ordinal))
            grouped[key.Key] = key.Select(e => e.Reason).Distinct(StringComparer.Ordinal).ToArray();
        var problem = new HttpValidationProblemDetails
        {
            Type = TypeOf(status),
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = detail,
            Errors = grouped,
        };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[name] = value;
        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// For an answer that has a status and nothing else (unknown route, method not allowed, a type routing
    /// refused, an empty 404): the problem for that status, so no error goes out with an empty body.
    /// </summary>
    public static Task WriteStatusAsync(HttpContext http)
    {
        var request = http.Request;
        var status = http.Response.StatusCode;
        var where = Short($"{request.PathBase}{request.Path}");
        var answer = status switch
        {
            StatusCodes.Status404NotFound => Problem(status, [], $"Nothing is at {where}."),
            StatusCodes.Status405MethodNotAllowed => Problem(status, [], $"{request.Method} is not allowed on {where}."),
            StatusCodes.Status415UnsupportedMediaType => Problem(status, [new FieldError("Content-Type", $"'{Short(request.ContentType ?? "")}' is not a type {where} accepts")]),
            _ => Problem(status, []),
        };
        return answer.ExecuteAsync(http);
    }

    /// <summary>The RFC section that defines the status; about:blank (the status says it all) for the rest.</summary>
    private static string TypeOf(int status) => status switch
    {
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        >= 400 and <= 417 => Rfc9110($"15.5.{status - 399}"),
        421 => Rfc9110("15.5.20"),
        422 => Rfc9110("15.5.21"),
        426 => Rfc9110("15.5.22"),
        >= 500 and <= 505 => Rfc9110($"15.6.{status - 499}"),
        _ => "about:blank",
    };

    private static string Rfc9110(string section) => "https://www.rfc-editor.org/rfc/rfc9110#section-" + section;

    /// <summary>
    /// Declares in the OpenAPI document the problems a route (or every route of a group) may answer: those
    /// whose errors name fields as validation problems, the others (404, 500, 503: errors empty) as problems.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            if (status is StatusCodes.Status404NotFound or >= 500) builder.ProducesProblem(status);
            else builder.ProducesValidationProblem(status);
        }
        return builder;
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class WithRetryAfter(IResult problem, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }
}
