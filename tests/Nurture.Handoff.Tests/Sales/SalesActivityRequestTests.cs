using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Tests.Sales;

/// <summary>A logged call, meeting or note: closed lists for kind and outcome, free text kept as text, hostile input refused by field.</summary>
public sealed class SalesActivityRequestTests
{
    [Fact]
    public async Task Parse_ACallWithOutcomeAndNote_KeepsThemAndItsEvent()
    {
        using var body = await BodyOf.JsonAsync("""{"kind": "call", "outcome": "left_message", "note": "Call back Tuesday\r\nasks about pricing"}""");

        var activity = SalesActivityRequest.Parse(body);

        Assert.Equal(new SalesActivityRequest("call", "left_message", "Call back Tuesday\nasks about pricing", null), activity);
        Assert.Equal("sales_call", activity!.EventType);
        Assert.Equal("Call: left a message", activity.Summary);
    }

    [Fact]
    public async Task Parse_MarkupInTheNote_IsKeptAsText()
    {
        using var body = await BodyOf.JsonAsync("""{"kind": "note", "note": "<img src=x onerror=alert(1)><script>alert('x')</script>"}""");

        Assert.Equal("<img src=x onerror=alert(1)><script>alert('x')</script>", SalesActivityRequest.Parse(body)!.Note);
    }

    [Theory]
    [InlineData("""{"outcome": "reached"}""", "kind", "is required")]
    [InlineData("""{"kind": "email"}""", "kind", "must be one of call, meeting, note")]
    [InlineData("""{"kind": 3}""", "kind", "must be a string")]
    [InlineData("""{"kind": "call"}""", "outcome", "is required for a call")]
    [InlineData("""{"kind": "meeting", "outcome": null}""", "outcome", "is required for a meeting")]
    [InlineData("""{"kind": "call", "outcome": "hung up"}""", "outcome", "must be one of reached, no_answer")]
    [InlineData("""{"kind": "call", "outcome": "'; DROP TABLE nurture_feedback; --"}""", "outcome", "must be one of")]
    [InlineData("""{"kind": "note"}""", "note", "is required for a note")]
    [InlineData("""{"kind": "note", "note": "   "}""", "note", "is required for a note")]
    [InlineData("""{"kind": "note", "note": 42}""", "note", "must be a string")]
    [InlineData("""{"kind": "note", "note": "nul \u0000 inside"}""", "note", "control characters")]
    [InlineData("""{"kind": "note", "note": "broken \ud800"}""", "note", "invalid Unicode")]
    [InlineData("""{"kind": "call", "outcome": "reached", "rep": ""}""", "rep", "must not be empty")]
    public async Task Parse_BadFields_AreRefusedWhereTheyAre(string json, string field, string reason)
    {
        using var body = await BodyOf.JsonAsync(json);

        Assert.Null(SalesActivityRequest.Parse(body));
        Assert.Contains(reason, BodyOf.ErrorAt(body, field));
    }

    [Fact]
    public async Task Parse_AHugeNote_IsRefused()
    {
        using var body = await BodyOf.JsonAsync($$"""{"kind": "note", "note": "{{new string('x', SalesActivityRequest.MaxNoteLength + 1)}}"}""");

        Assert.Null(SalesActivityRequest.Parse(body));
        Assert.Contains("at most 2000 characters", BodyOf.ErrorAt(body, "note"));
    }

    [Fact]
    public async Task Parse_ANoteWithoutOutcome_IsFine()
    {
        using var body = await BodyOf.JsonAsync("""{"kind": "note", "note": "Met at the trade show"}""");

        var note = SalesActivityRequest.Parse(body);
        Assert.Equal(new SalesActivityRequest("note", null, "Met at the trade show", null), note);
        Assert.Equal("Note", note!.Summary);
    }
}
