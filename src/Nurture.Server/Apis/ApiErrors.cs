namespace Nurture.Server.Apis;

/// <summary>A refused field: which one and why. Every 4xx of the API carries a list of these.</summary>
public sealed record FieldError(string Field, string Reason);

public sealed record ErrorBody(string Title, IReadOnlyList<FieldError> Errors);

public sealed record ConflictBody(string Title, IReadOnlyList<FieldError> Errors, Guid Existing);

/// <summary>One way to answer "your input is wrong": the status, the field, the reason.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(string field, string reason) =>
        TypedResults.BadRequest(new ErrorBody("The request is invalid.", [new FieldError(field, reason)]));

    public static IResult BadRequest(IReadOnlyList<FieldError> errors) =>
        TypedResults.BadRequest(new ErrorBody("The request is invalid.", errors));

    public static IResult NotFound(string what) =>
        TypedResults.NotFound(new ErrorBody($"{what} was not found.", []));

    /// <summary>409: the request clashes with another record (an email another lead owns); says which.</summary>
    public static IResult Conflict(string field, string reason, Guid existing) =>
        TypedResults.Json(new ConflictBody("The request conflicts with an existing record.", [new FieldError(field, reason)], existing),
            statusCode: StatusCodes.Status409Conflict);

    /// <summary>409: the request is valid but the record is not in a state that allows it.</summary>
    public static IResult Refused(string field, string reason) =>
        TypedResults.Json(new ErrorBody("The request conflicts with the record's current state.", [new FieldError(field, reason)]),
            statusCode: StatusCodes.Status409Conflict);

    public static IResult Unavailable(string what, int retryAfterSeconds) =>
        new UnavailableResult(what, retryAfterSeconds);

    private sealed class UnavailableResult(string what, int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsJsonAsync(new ErrorBody($"{what} is unavailable; retry later.", []));
        }
    }
}
