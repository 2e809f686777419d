using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Nurture.Http.Tests;

/// <summary>Reading a JSON body field by field: every problem is an error keyed by the field's JSON path.</summary>
public sealed class JsonBodyTests
{
    private static async Task<(JsonBody? Body, IResult? Error)> ReadAsync(string json)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await JsonBody.ReadAsync(http.Request, CancellationToken.None);
    }

    private static async Task<JsonBody> BodyAsync(string json) => (await ReadAsync(json)).Body ?? throw new InvalidOperationException("not an object");

    private static IDictionary<string, string[]> Errors(IResult? result) =>
        Assert.IsType<HttpValidationProblemDetails>(Assert.IsType<ProblemHttpResult>(result).ProblemDetails).Errors;

    [Theory]
    [InlineData("{", "is not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("\"text\"", "must be a JSON object")]
    public async Task ReadAsync_NotAnObject_Is400OnTheWholeBody(string json, string reason)
    {
        var (body, error) = await ReadAsync(json);

        Assert.Null(body);
        Assert.StartsWith(reason, Assert.Single(Errors(error)["$"]));
    }

    [Fact]
    public async Task String_Present_IsTrimmed_AndAbsentOrNullIsNull()
    {
        using var body = await BodyAsync("""{"name": "  Ann  ", "nothing": null}""");

        Assert.Equal("Ann", body.String("name", 10, required: true));
        Assert.Null(body.String("nothing", 10, required: false));
        Assert.Null(body.String("missing", 10, required: false));
        Assert.Empty(body.Errors);
    }

    [Theory]
    [InlineData("""{"name": 5}""", "must be a string")]
    [InlineData("""{"name": "   "}""", "must not be empty")]
    [InlineData("""{"name": "abcdefghijk"}""", "must be at most 10 characters")]
    [InlineData("""{"name": "a\u0007b"}""", "must not contain control characters or invalid Unicode")]
    [InlineData("""{"name": "a\ud800b"}""", "must not contain control characters or invalid Unicode")]
    [InlineData("""{}""", "is required")]
    public async Task String_Refused_NamesTheFieldByItsPath(string json, string reason)
    {
        using var body = await BodyAsync(json);

        Assert.Null(body.String("name", 10, required: true));
        var error = Assert.Single(body.Errors);
        Assert.Equal(new FieldError("$.name", reason), error);
    }

    [Fact]
    public async Task StringList_BadItem_IsNamedByItsIndex_AndTheGoodOnesAreKept()
    {
        using var body = await BodyAsync("""{"tags": ["a", 3, "b"]}""");

        var tags = body.StringList("tags", 5, (text, _, _) => text.ToUpperInvariant());

        Assert.Equal(["A", "B"], tags);
        Assert.Equal("$.tags[1]", Assert.Single(body.Errors).Field);
    }

    [Fact]
    public async Task StringList_TooManyOrNotAnArray_IsOneErrorOnTheField()
    {
        using var body = await BodyAsync("""{"many": ["a", "b", "c"], "one": "a"}""");

        Assert.Null(body.StringList("many", 2, (text, _, _) => text));
        Assert.Null(body.StringList("one", 2, (text, _, _) => text));
        Assert.Equal([new FieldError("$.many", "has more than 2 items"), new FieldError("$.one", "must be an array of strings")], body.Errors);
    }

    [Fact]
    public async Task Boolean_AndFieldNames_ReadWhatIsThere()
    {
        using var body = await BodyAsync("""{"on": true, "off": false, "odd": "yes", "Company Name": 1}""");

        Assert.True(body.Boolean("on"));
        Assert.False(body.Boolean("off"));
        Assert.Null(body.Boolean("odd"));
        Assert.Null(body.Boolean("missing"));
        Assert.Equal(["on", "off", "odd", "Company Name"], body.FieldNames());
        Assert.True(body.Has("off"));
        Assert.Equal(new FieldError("$.odd", "must be true or false"), Assert.Single(body.Errors));
        Assert.Equal("$['Company Name']", JsonBody.PathOf("Company Name"));
    }
}
