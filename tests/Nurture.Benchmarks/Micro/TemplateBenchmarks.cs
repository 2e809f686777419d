using BenchmarkDotNet.Attributes;
using Nurture.Abstractions.Leads;
using Nurture.Benchmarks.Email;
using Nurture.Email.Blocks;
using Nurture.Email.Templates;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// Email templates as a send uses them: the model built for one lead and every part rendered (the
/// parse is cached per template version, as in the server), and the check a save or a preview draft
/// runs (a parse of every part, not cached; since Fluid also a trial render for the sample lead). The
/// newsletter is the one the `email` benchmark sends; the personalised one adds branches and filters
/// on the lead's stage, grade and traits. A block email: made from its design (HTML written, styles inlined by
/// PreMailer.Net), as a save or preview does, and rendered, as a send does.
/// </summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private const string PersonalisedHtml = """
        <html><body>
        <p>Hi {{ lead.traits.first_name | default: "there" | capitalize }},</p>
        {% if lead.stage == "mql" and lead.grade == "B" %}
        <p>Teams like {{ lead.traits.company | upcase }} usually start with a demo.</p>
        {% elsif lead.stage == "customer" %}<p>Thank you for being with us.</p>
        {% else %}<p>Here is what is new.</p>{% endif %}
        {% case lead.top_interest %}{% when "pricing" %}<p><a href="https://shop.example.com/pricing">Plans</a></p>
        {% when "docs" %}<p><a href="https://shop.example.com/docs">Docs</a></p>{% else %}<p>News</p>{% endcase %}
        <p>{{ lead.traits.job_title | default: "Reader" | truncate: 20 }} in {{ lead.time_zone | remove: "Europe/" }}</p>
        <p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
        </body></html>
        """;

    private readonly EmailTemplate newsletter = new("news", "News", BenchNewsletter.Subject, BenchNewsletter.Html, BenchNewsletter.Text, 1, DateTimeOffset.UnixEpoch);
    private readonly EmailTemplate personalised = new("personal", "Personal", "{{ lead.traits.first_name }}, {{ lead.top_interest }}", PersonalisedHtml, "", 1, DateTimeOffset.UnixEpoch);
    private readonly LeadState lead = TemplateModel.SampleLead();

    /// <summary>A block email as the editor makes one: heading, text with a link, picture, button, divider, two columns, footer.</summary>
    private static readonly BlockDesign Blocks = new(BlockDesign.DefaultAccentColor,
    [
        new EmailBlock(BlockTypes.Heading) { Text = "Hello {{ lead.traits.first_name | default: \"there\" }}" },
        new EmailBlock(BlockTypes.Text) { Text = "Three things are new this spring.\n\nRead the guide: https://shop.example.com/guide" },
        new EmailBlock(BlockTypes.Image) { Url = "https://cdn.example.com/spring.png", Alt = "Spring at the shop" },
        new EmailBlock(BlockTypes.Button) { Label = "See the plans", Url = "https://shop.example.com/pricing" },
        new EmailBlock(BlockTypes.Divider),
        new EmailBlock(BlockTypes.Columns) { Left = new BlockColumn(null, null, "New arrivals"), Right = new BlockColumn("https://cdn.example.com/e.png", "Events", "Events this month") },
        new EmailBlock(BlockTypes.Footer) { Text = "Example Shop K.K., 1-2-3 Chiyoda, Tokyo", Label = "Unsubscribe" },
    ]);

    private readonly BlockDesign blocks = Blocks;
    private EmailTemplate blockEmail = null!;
    private readonly TemplateRenderer renderer = new(TimeProvider.System);

    [GlobalSetup]
    public void Setup()
    {
        if (renderer.Validate(newsletter.Subject, newsletter.Html, newsletter.Text).Count > 0
            || renderer.Validate(personalised.Subject, personalised.Html, personalised.Text).Count > 0)
            throw new InvalidOperationException("a sample template does not compile");
        if (!RenderPersonalised().Html.Contains("EXAMPLE CORP", StringComparison.Ordinal)) throw new InvalidOperationException("the personalised template rendered the wrong branch");
        var (html, text) = BuildBlockEmail();
        blockEmail = new EmailTemplate("blocks", "Blocks", "Spring news", html, text, 1, DateTimeOffset.UnixEpoch) { Preheader = "Three things new" };
        if (renderer.Validate(blockEmail.Subject, blockEmail.Html, blockEmail.Text, blockEmail.Preheader).Count > 0) throw new InvalidOperationException("the block email does not compile");
    }

    [Benchmark]
    public RenderedEmail RenderNewsletter() =>
        renderer.Render(newsletter, TemplateModel.For(lead, "pricing", "https://nurture.example.com/e/u/token"));

    [Benchmark]
    public RenderedEmail RenderPersonalised() =>
        renderer.Render(personalised, TemplateModel.For(lead, "pricing", "https://nurture.example.com/e/u/token"));

    /// <summary>What a save or a draft preview of a block template costs before the Liquid check: the HTML written and its stylesheet inlined (PreMailer.Net).</summary>
    [Benchmark]
    public (string Html, string Text) BuildBlockEmail() => BlockEmailBuilder.Build(blocks);

    /// <summary>A send of a block template (parse cached), the preheader put in.</summary>
    [Benchmark]
    public RenderedEmail RenderBlockEmail() =>
        renderer.Render(blockEmail, TemplateModel.For(lead, "pricing", "https://nurture.example.com/e/u/token"));

    [Benchmark]
    public int ValidateNewsletter() => renderer.Validate(newsletter.Subject, newsletter.Html, newsletter.Text).Count;
}
