using Microsoft.Extensions.Time.Testing;
using Nurture.Email.Templates;

namespace Nurture.Email.Tests.Templates;

/// <summary>What a save and a preview draft are told: every part's problem, with line and column.</summary>
public sealed class TemplateValidationTests
{
    private readonly TemplateRenderer renderer = new(new FakeTimeProvider());

    [Fact]
    public void Validate_GoodTemplate_HasNoErrors()
    {
        Assert.Empty(renderer.Validate("Hi {{ lead.traits.firstName | default: 'there' }}", "<p>{% if lead.stage %}{{ lead.stage }}{% endif %}</p>", ""));
    }

    [Fact]
    public void Validate_SyntaxErrorsInEveryPart_GiveEachPartWithLineAndColumn()
    {
        // The same three parts as the API's functional test.
        var errors = renderer.Validate("Hello {{ lead.email }", "<p>one</p>\n<p>two</p>\n{% if lead.stage %}never closed", "{% nosuchtag %}");

        Assert.Equal(
        [
            new TemplateError("subject", 1, 20, "End of tag '}}' was expected"),
            new TemplateError("html", 3, 32, "'{% endif %}' was expected: the 'if' of line 3 is not closed"),
            new TemplateError("text", 1, 13, "Unknown tag 'nosuchtag'"),
        ], errors);
    }

    [Fact]
    public void Validate_BlockLeftOpen_NamesTheLineWhereItOpened()
    {
        var html = "{% if lead.stage %}\n  {% for t in lead.traits %}\n    {{ t }}\n  {% endfor %}\n  {% if lead.grade %}\n  <p>never closed</p>\n{% endif %}\n<p>end</p>\n";

        var error = Assert.Single(renderer.Validate("s", html, ""));

        Assert.Equal(("html", 9, "'{% endif %}' was expected: the 'if' of line 1 is not closed"), (error.Part, error.Line, error.Reason));
    }

    [Fact]
    public void Validate_CloseTagOfAnotherBlock_IsReportedWhereItStands()
    {
        var error = Assert.Single(renderer.Validate("s", "<p>\n{% if lead.stage %}\n{% for t in lead.traits %}\n{% endif %}", ""));

        Assert.Equal("html", error.Part);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("'{% endfor %}' was expected: the 'for' of line 3 is not closed", error.Reason);
    }

    [Theory]
    [InlineData("{% include 'footer' %}", "Unknown tag 'include'")]
    [InlineData("{% render 'footer' %}", "Unknown tag 'render'")]
    public void Validate_Partials_AreRefused(string html, string reason)
    {
        var error = Assert.Single(renderer.Validate("s", "<p>\n" + html, ""));

        Assert.Equal(("html", 2, reason), (error.Part, error.Line, error.Reason));
    }

    [Fact]
    public void Validate_MissingOrOverlongParts_AreRefused()
    {
        var errors = renderer.Validate(" ", "", new string('x', TemplateRenderer.MaxPartLength + 1));

        Assert.Equal(
        [
            new TemplateError("subject", 1, null, "is required"),
            new TemplateError("html", 1, null, "is required"),
            new TemplateError("text", 1, null, $"is longer than {TemplateRenderer.MaxPartLength} characters"),
        ], errors);
        Assert.Equal("is longer than 1000 characters", Assert.Single(renderer.Validate(new string('s', 1001), "h", "")).Reason);
    }

    [Fact]
    public void Validate_FilterThatFailsForTheSampleLead_IsRefusedWithoutALine()
    {
        // The previous engine wrote "Liquid error: ..." into the email; now the template is refused.
        var error = Assert.Single(renderer.Validate("s", "<p>{{ lead.fit | divided_by: 0 }}</p>", ""));

        Assert.Equal(new TemplateError("html", null, null, "divided by 0"), error);
    }
}
