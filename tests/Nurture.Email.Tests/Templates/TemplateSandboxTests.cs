using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Nurture.Email.Templates;

namespace Nurture.Email.Tests.Templates;

/// <summary>Hostile templates are refused when saved, or stopped with a reason when rendered; none hangs.</summary>
public sealed class TemplateSandboxTests
{
    private readonly TemplateRenderer renderer = new(new FakeTimeProvider());

    private static EmailTemplate Stored(string html) => new("hostile", "H", "s", html, "", 1, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Validate_LoopThatRunsTooLong_IsRefusedByTheStepLimit()
    {
        var error = Assert.Single(renderer.Validate("s", "{% for i in (1..9000) %}{% for j in (1..9000) %}x{% endfor %}{% endfor %}", ""));

        Assert.Equal(new TemplateError("html", null, null, $"The maximum number of {TemplateSandbox.MaxSteps} steps has been reached."), error);
    }

    [Fact]
    public void Validate_HugeRange_IsRefusedByTheCollectionLimit()
    {
        var error = Assert.Single(renderer.Validate("s", "{% for i in (1..2000000000) %}{% break %}{% endfor %}", ""));

        Assert.Equal(("html", $"The maximum materialized collection size of {TemplateSandbox.MaxCollectionSize} items has been reached."), (error.Part, error.Reason));
    }

    [Fact]
    public void Validate_HugeOutput_IsRefusedByTheOutputLimit()
    {
        // Doubling a string: 2^30 characters after 30 turns, if nothing stopped it.
        var error = Assert.Single(renderer.Validate("s", "x", "{% assign s = 'ab' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s }}"));

        Assert.Equal(("text", $"The maximum template output size of {TemplateSandbox.MaxOutputSize} characters has been reached."), (error.Part, error.Reason));
    }

    [Fact]
    public void Validate_DeepNesting_IsAParseErrorWithItsPosition()
    {
        var html = string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + string.Concat(Enumerable.Repeat("{% endif %}", 5000));

        var error = Assert.Single(renderer.Validate("s", html, ""));

        Assert.Equal(("html", 1), (error.Part, error.Line));
        Assert.Equal($"The maximum parser recursion depth of {LiquidCompiler.MaxNesting} was exceeded.", error.Reason);
    }

    [Fact]
    public void Validate_LongFilterChain_IsAParseError()
    {
        var error = Assert.Single(renderer.Validate("s", "{{ lead.email" + string.Concat(Enumerable.Repeat(" | upcase", 5000)) + " }}", ""));

        Assert.Equal(("html", $"The maximum parser recursion depth of {LiquidCompiler.MaxNesting} was exceeded."), (error.Part, error.Reason));
    }

    [Fact]
    public void Render_SlowStepsForOneLead_StopAtTheTimeout()
    {
        // Few steps, each slow: a long trait replaced thousands of times. Real time, on purpose: the
        // deadline is a timer, and the loop would take seconds without it.
        var renderer = new TemplateRenderer(TimeProvider.System, TimeSpan.FromMilliseconds(100));
        var model = TemplateModel.For(Leads.With(("notes", new string('a', 400_000))), null, "u");
        var clock = Stopwatch.StartNew();

        var ex = Assert.Throws<TemplateRenderException>(() =>
            renderer.Render(Stored("{% for i in (1..9000) %}{% assign x = lead.traits.notes | replace: 'a', 'b' %}{% endfor %}"), model));

        Assert.Equal(new TemplateError("html", null, null, "took longer than 0.1 s to render"), ex.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {clock.Elapsed}");
    }

    [Fact]
    public void Render_LimitReachedOnlyForSomeLead_ThrowsTheReason()
    {
        // Fine for the sample lead, too long for a lead with a large number in a trait.
        const string html = "{% assign n = lead.traits.seats | plus: 0 %}{% for i in (1..n) %}{% for j in (1..n) %}.{% endfor %}{% endfor %}";
        Assert.Empty(renderer.Validate("s", html, ""));

        var ex = Assert.Throws<TemplateRenderException>(() => renderer.Render(Stored(html), TemplateModel.For(Leads.With(("seats", "5000")), null, "u")));

        Assert.Equal(("html", null), (ex.Error.Part, ex.Error.Line));
        Assert.Contains("steps", ex.Error.Reason);
    }
}
