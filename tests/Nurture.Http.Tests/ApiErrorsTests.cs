using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Nurture.Http.Tests;

/// <summary>The one shape of every error answer: problem details with errors keyed by where, present even when empty.</summary>
public sealed class ApiErrorsTests
{
    private static HttpValidationProblemDetails Problem(IResult result) =>
        Assert.IsType<HttpValidationProblemDetails>(Assert.IsType<ProblemHttpResult>(result).ProblemDetails);

    [Fact]
    public void Problem_ErrorsWithOneKey_AreListedUnderItInOrder_EachReasonOnce()
    {
        var problem = Problem(ApiErrors.Problem(400, [new("$.a", "first"), new("$.b", "other"), new("$.a", "second"), new("$.a", "first")]));

        Assert.Equal(["first", "second"], problem.Errors["$.a"]);
        Assert.Equal(["other"], problem.Errors["$.b"]);
        Assert.Equal("Bad Request", problem.Title);
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1", problem.Type);
    }

    [Theory]
    [InlineData(404, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5")]
    [InlineData(409, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10")]
    [InlineData(415, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16")]
    [InlineData(422, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21")]
    [InlineData(429, "https://www.rfc-editor.org/rfc/rfc6585#section-4")]
    [InlineData(500, "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1")]
    [InlineData(503, "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4")]
    [InlineData(418, "about:blank")]
    public void Problem_Type_IsTheSectionThatDefinesTheStatus(int status, string type) =>
        Assert.Equal(type, Problem(ApiErrors.Problem(status, [])).Type);

    [Fact]
    public void NotFound_HasEmptyErrors_AndSaysWhat()
    {
        var problem = Problem(ApiErrors.NotFound("The lead"));

        Assert.Equal(404, problem.Status);
        Assert.Empty(problem.Errors);
        Assert.Equal("The lead was not found.", problem.Detail);
    }

    [Fact]
    public void Conflict_NamesTheExistingRecord()
    {
        var existing = Guid.NewGuid();
        var problem = Problem(ApiErrors.Conflict("$.traits.email", "belongs to another lead", existing));

        Assert.Equal(409, problem.Status);
        Assert.Equal(existing, problem.Extensions["existing"]);
    }

    [Fact]
    public async Task RetryAfter_RoundsUpToWholeSeconds_InTheHeaderAndTheBody()
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };

        await ApiErrors.RetryAfter(429, TimeSpan.FromMilliseconds(1200), [], "Slow down.").ExecuteAsync(http);

        Assert.Equal(429, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal(2, body.RootElement.GetProperty("retryAfter").GetInt32());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("errors").ValueKind);
    }

    [Fact]
    public void SpreadsheetDownload_CheckFormat_TakesCsvXlsxOrNone()
    {
        Assert.Null(SpreadsheetDownload.CheckFormat(null));
        Assert.Null(SpreadsheetDownload.CheckFormat("csv"));
        Assert.Null(SpreadsheetDownload.CheckFormat("xlsx"));
        Assert.Equal(new FieldError("format", "must be csv or xlsx"), SpreadsheetDownload.CheckFormat("pdf"));
    }
}
