using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Time.Testing;
using Nurture.Email.Blocks;
using Nurture.Email.Templates;
using Nurture.Email.Tests.Templates;

namespace Nurture.Email.Tests.Blocks;

/// <summary>Blocks made into email HTML: tables, inlined styles, the mobile stylesheet kept, Liquid intact, text escaped.</summary>
public sealed partial class BlockEmailBuilderTests
{
    private readonly TemplateRenderer renderer = new(new FakeTimeProvider());

    [Fact]
    public void Build_StylesAreInlined_AndOnlyTheMobileMediaQueriesStayAsAStylesheet()
    {
        var (html, _) = BlockEmailBuilder.Build(BlockDesigns.Read(BlockDesigns.Everything));

        var sheets = StyleElement().Matches(html);
        var mobile = Assert.Single(sheets).Value;
        Assert.Contains("@media only screen and (max-width: 599px)", mobile);
        Assert.Contains(".column { display: block !important; width: 100% !important; max-width: 100% !important; }", mobile);
        Assert.Matches("<table role=\"presentation\" class=\"container\" width=\"100%\"[^>]*style=\"[^\"]*max-width: 600px", html);
        Assert.Matches("<div class=\"column\" style=\"display: inline-block;width: 100%;max-width: 276px", html);
        Assert.Matches("<td class=\"button-cell\" bgcolor=\"#1d5fd1\"[^>]*style=\"background-color: #1d5fd1", html);
        // Outlook sizes pictures by the attribute, in pixels.
        Assert.Contains("<img src=\"https://cdn.example.com/hero.png\" alt=\"Our new dashboard\" width=\"552\"", html);
        Assert.Contains("<!--[if mso]><table role=\"presentation\" width=\"600\"", html);
    }

    [Fact]
    public void Build_LiquidSurvivesTheInliner_AndRendersForALead()
    {
        var (html, text) = BlockEmailBuilder.Build(BlockDesigns.Read(BlockDesigns.Everything));

        Assert.Contains("Hello {{ lead.traits.name | default: \"there\" }}</h1>", html);
        Assert.Contains("{% if lead.fit > 10 %}for a good fit{% endif %}", html);
        Assert.Contains("<a href=\"{{ unsubscribe_url }}\" class=\"footer-link\"", html);
        // A web address written in text is a link (so it is tracked), styled in the accent colour.
        Assert.Matches("Right words <a href=\"https://shop.example.com/right\" class=\"text-link\" style=\"color: #1d5fd1;[^\"]*\">https://shop.example.com/right</a>", html);
        var template = new EmailTemplate("b", "B", "Hi", html, text, 0, DateTimeOffset.UnixEpoch);
        Assert.Empty(renderer.Validate(template.Subject, template.Html, template.Text));
        var rendered = renderer.Render(template, TemplateModel.For(Leads.With(("name", "Kim <b>")), null, "https://nurture.example/e/u/t"));
        Assert.Contains("Hello Kim &lt;b&gt;</h1>", rendered.Html);
        Assert.Contains("for a good fit", rendered.Html);
        Assert.Contains("href=\"https://nurture.example/e/u/t\"", rendered.Html);
        Assert.StartsWith("Hello Kim <b>\n\nFirst line\nsecond line\n\nA new paragraph for a good fit.", rendered.Text);
        Assert.Contains("See the plans: https://shop.example.com/pricing?from=email", rendered.Text);
        Assert.EndsWith("Unsubscribe: https://nurture.example/e/u/t\n", rendered.Text);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    [InlineData("</td></tr></table><a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<!--[if mso]><script>x</script><![endif]-->")]
    [InlineData("liquid0123456789abcdefx0x & &amp; &lt;")]
    public void Build_HostileText_IsEscapedEverywhereItGoes(string hostile)
    {
        var design = BlockDesigns.Read(new
        {
            blocks = new object[]
            {
                new { type = "heading", text = hostile },
                new { type = "text", text = hostile },
                new { type = "image", url = "https://cdn.example.com/a.png", alt = hostile },
                new { type = "button", label = hostile, url = "https://shop.example.com/" },
                new { type = "columns", left = new { text = hostile }, right = new { imageUrl = "https://cdn.example.com/b.png", imageAlt = hostile } },
                new { type = "footer", text = hostile, label = hostile },
            },
        });

        var (html, _) = BlockEmailBuilder.Build(design);
        var rendered = renderer.Render(new EmailTemplate("b", "B", "Hi", html, "", 0, DateTimeOffset.UnixEpoch), TemplateModel.For(Leads.With(), null, "https://u"));

        // Read as a mail app would: the hostile text is text (or an attribute's value), never an element or attribute of its own.
        var document = new HtmlParser().ParseDocument(rendered.Html);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.Equal(["https://shop.example.com/", "https://u"], document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Equal(2, document.QuerySelectorAll("img").Length);
        Assert.All(document.QuerySelectorAll("img"), img => Assert.Equal(hostile, img.GetAttribute("alt")));
        Assert.Equal(hostile, document.QuerySelector("h1")!.TextContent);
        Assert.Equal(hostile, document.Title);
        Assert.Single(document.QuerySelectorAll("style"));
    }

    [Fact]
    public void Build_JapaneseText_MakesAJapaneseDocument()
    {
        var (html, _) = BlockEmailBuilder.Build(BlockDesigns.Read(new { blocks = new object[] { new { type = "text", text = "資料請求ありがとうございます。" } } }));

        Assert.StartsWith("<!DOCTYPE html><html lang=\"ja\"", html);
        Assert.Contains("資料請求ありがとうございます。", html);
    }

    [GeneratedRegex("<style[^>]*>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
