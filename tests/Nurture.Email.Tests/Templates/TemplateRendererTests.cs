using Microsoft.Extensions.Time.Testing;
using Nurture.Email.Templates;

namespace Nurture.Email.Tests.Templates;

public sealed class TemplateRendererTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero));
    private readonly TemplateRenderer renderer;

    public TemplateRendererTests() => renderer = new TemplateRenderer(time);

    private static EmailTemplate Template(string subject, string html, string text = "", int version = 1, string id = "t") =>
        new(id, "T", subject, html, text, version, DateTimeOffset.UnixEpoch);

    private static TemplateModel Model(params (string, string)[] traits) => TemplateModel.For(Leads.With(traits), "pricing", "https://n.example/e/u/a?b=1&c=2");

    [Fact]
    public void Render_FiltersBranchesAndCases_RenderAsLiquid()
    {
        var text = """
            {% if lead.stage == "mql" and lead.grade == "A" %}hot{% else %}cold{% endif %}
            {% case lead.top_interest %}{% when "pricing" %}plans{% else %}news{% endcase %}
            {{ lead.traits.first_name | default: "there" | upcase }} {{ lead.traits.missing | default: "there" }}
            {{ lead.fit | plus: 1 }} {{ "a,b" | split: "," | join: "+" }}
            """;

        var rendered = renderer.Render(Template("x", "x", text), Model(("first_name", "kim")));

        Assert.Equal("hot\nplans\nKIM there\n43.5 a+b", rendered.Text);
    }

    [Fact]
    public void Render_HtmlPart_EscapesValues_AndOtherPartsDoNot()
    {
        var model = Model(("company", "Tom & Jerry <script>alert(1)</script> \"Q\""));

        var rendered = renderer.Render(Template("Hi {{ lead.traits.company }}", "<p>{{ lead.traits.company }}</p>", "Hi {{ lead.traits.company }}"), model);

        Assert.Equal("<p>Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot;</p>", rendered.Html);
        Assert.Equal("Hi Tom & Jerry <script>alert(1)</script> \"Q\"", rendered.Subject);
        Assert.Equal("Hi Tom & Jerry <script>alert(1)</script> \"Q\"", rendered.Text);
    }

    [Fact]
    public void Render_HtmlPart_KeepsNonAsciiReadable_AndRawOptsOut()
    {
        var rendered = renderer.Render(Template("x", "{{ lead.traits.name }} {{ lead.traits.tag | raw }}"), Model(("name", "山田 花子 Zoë"), ("tag", "<b>VIP</b>")));

        Assert.Equal("山田 花子 Zoë <b>VIP</b>", rendered.Html);
    }

    [Fact]
    public void Render_UrlInAnAttribute_IsEscapedAsHtmlAndDecodesBack()
    {
        var rendered = renderer.Render(Template("x", "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>"), Model());

        Assert.Equal("<a href=\"https://n.example/e/u/a?b=1&amp;c=2\">Unsubscribe</a>", rendered.Html);
        Assert.Equal("Unsubscribe (https://n.example/e/u/a?b=1&c=2)", rendered.Text);
    }

    [Fact]
    public void Render_WithoutTextPart_DerivesTheTextFromTheHtml()
    {
        var rendered = renderer.Render(Template("x", "<p>Hi {{ lead.traits.name }},</p><p>See <a href=\"https://shop.example.com/p\">plans</a></p>"), Model(("name", "Kim & Co")));

        Assert.Equal("Hi Kim & Co,\nSee plans (https://shop.example.com/p)", rendered.Text);
    }

    [Fact]
    public void Render_SubjectWithANewlineFromATrait_IsOneLine()
    {
        var rendered = renderer.Render(Template("  Hello {{ lead.traits.name }}  ", "x"), Model(("name", "Kim\r\nBcc: evil@example.com")));

        Assert.Equal("Hello Kim Bcc: evil@example.com", rendered.Subject);
    }

    [Fact]
    public void Render_UnknownVariablesAndFilters_GiveEmptyTextAndTheInput()
    {
        var rendered = renderer.Render(Template("x", "[{{ nope }}][{{ lead.nope.deeper }}][{{ lead.email | no_such_filter }}]"), Model());

        Assert.Equal("[][][kim@northwind.example]", rendered.Html);
    }

    [Fact]
    public void Render_Now_ComesFromTheInjectedClock()
    {
        var rendered = renderer.Render(Template("x", "{{ 'now' | date: '%Y-%m-%d %H:%M' }}"), Model());

        Assert.Equal("2026-12-07 09:30", rendered.Html);
    }

    [Fact]
    public void Render_NewVersionOfAStoredTemplate_IsParsedAgain()
    {
        Assert.Equal("one", renderer.Render(Template("s", "one", version: 1), Model()).Html);
        Assert.Equal("two", renderer.Render(Template("s", "two", version: 2), Model()).Html);
        // Same id and version with other text (a database recreated under it) is not served from the cache.
        Assert.Equal("three", renderer.Render(Template("s", "three", version: 2), Model()).Html);
        Assert.Equal("three", renderer.Render(Template("s", "three", version: 2), Model()).Html);
    }

    [Fact]
    public void Render_ConcurrentRendersOfOneTemplate_AllSucceed()
    {
        var template = Template("Hi {{ lead.traits.n }}", "<p>{{ lead.traits.n }}</p>{% for i in (1..50) %}.{% endfor %}");

        var results = Enumerable.Range(0, 200).AsParallel().Select(i => renderer.Render(template, Model(("n", $"lead {i}")))).ToList();

        Assert.All(results.Select((r, i) => (r, i)), p => Assert.Equal($"<p>lead {p.i}</p>" + new string('.', 50), p.r.Html));
    }

    [Fact]
    public void Render_StoredTemplateThatNoLongerParses_ThrowsWithPartLineAndColumn()
    {
        // A template saved under the previous engine that Fluid refuses: the send records why.
        var ex = Assert.Throws<TemplateRenderException>(() => renderer.Render(Template("ok", "line one\n{{ lead.email }"), Model()));

        Assert.Equal(new TemplateError("html", 2, 14, "End of tag '}}' was expected"), ex.Error);
    }
}
