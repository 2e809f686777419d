using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.Api;

/// <summary>
/// What the exception handler answers, written through the host's own problem details writer: a body the
/// framework could not bind names where; anything else is a 500 that says nothing of its cause.
/// </summary>
[Collection(SharedHost.Name)]
public sealed class ExceptionProblemsTests(NurtureApp app)
{
    [Fact]
    public async Task For_AnUnexpectedException_IsA500ThatHidesTheCause()
    {
        var problem = await AnswerAsync(new InvalidOperationException("connection string Password=hunter2"));
        Assert.Equal(500, problem.Status);
        Assert.Empty(problem.Errors);
        Assert.DoesNotContain("hunter2", problem.Body.ToString());
    }

    [Theory]
    [InlineData(415, "Expected a supported JSON media type but got \"text/xml\".", "Content-Type")]
    [InlineData(413, "Request body too large.", "$")]
    [InlineData(400, "Failed to bind parameter \"int limit\" from \"ten\".", "limit")]
    [InlineData(400, "Implicit body inferred for parameter \"body\" but no body was provided.", "$")]
    public async Task For_ABindingFailure_NamesWhere(int status, string message, string key)
    {
        var problem = await AnswerAsync(new BadHttpRequestException(message, status));
        Assert.Equal((status, key), (problem.Status, problem.Key));
    }

    [Fact]
    public async Task For_ABodyOfTheWrongShape_NamesTheJsonPath_NotOurTypes()
    {
        var json = new JsonException("The JSON value could not be converted to Nurture.Server.Apis.EmailApi+TemplateRequest.", "$.subject", 0, 12);
        var problem = await AnswerAsync(new BadHttpRequestException("Failed to read parameter \"TemplateRequest body\" from the request body as JSON.", 400, json));
        Assert.Equal("$.subject", problem.Key);
        Assert.DoesNotContain("Nurture.", problem.Reason("$.subject"));
    }

    private async Task<ProblemBody> AnswerAsync(Exception error)
    {
        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Response.Body = new MemoryStream();
        await ExceptionProblems.For(error).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        Assert.Equal(ProblemBody.MediaType, http.Response.ContentType?.Split(';')[0]);
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        return ProblemBody.Of(http.Response.StatusCode, body.RootElement.Clone());
    }
}
