using Fluid;
using Microsoft.Extensions.Time.Testing;
using Nurture.Email.Templates;

namespace Nurture.Email.Tests.Templates;

public sealed class TemplateModelTests
{
    private readonly TemplateRenderer renderer = new(new FakeTimeProvider());

    private string Render(string text, TemplateModel model) =>
        renderer.Render(new EmailTemplate("t", "T", "s", "<p>h</p>", text, 0, DateTimeOffset.UnixEpoch), model).Text;

    [Fact]
    public void For_ExposesTheLeadFieldsTheReadmeNames()
    {
        var model = TemplateModel.For(Leads.With(("company", "Northwind")), "pricing", "https://n.example/e/u/t");

        var text = Render(
            "{{ lead.email }}|{{ lead.traits.company }}|{{ lead.stage }}|{{ lead.grade }}|{{ lead.fit }}|{{ lead.top_interest }}|"
            + "{{ lead.time_zone }}|{{ lead.language }}|{{ lead.first_touch.channel }}|{{ lead.first_touch.utm_source }}|"
            + "{{ lead.first_touch.utm_medium }}|{{ lead.first_touch.utm_campaign }}|{{ lead.first_touch.landing_page }}|"
            + "{{ lead.last_touch.channel }}|{{ unsubscribe_url }}|{{ lead.id }}", model);

        Assert.Equal("kim@northwind.example|Northwind|mql|A|42.5|pricing|Asia/Tokyo|ja|email|newsletter|email|spring|https://www.example.com/blog||https://n.example/e/u/t|6a0e2d4c-1111-4222-8333-944455556666", text);
    }

    [Fact]
    public void For_SnakeCaseTrait_IsAlsoReadableInCamelCase()
    {
        var model = TemplateModel.For(Leads.With(("job_title", "CTO"), ("first_name", "Kim"), ("utm_first_touch_x", "y")), null, "u");

        Assert.Equal("CTO CTO Kim Kim y", Render("{{ lead.traits.job_title }} {{ lead.traits.jobTitle }} {{ lead.traits.first_name }} {{ lead.traits.firstName }} {{ lead.traits.utmFirstTouchX }}", model));
    }

    [Fact]
    public void For_TraitAlreadyInCamelCase_IsNotReplacedByTheAlias()
    {
        var model = TemplateModel.For(Leads.With(("jobTitle", "from the page"), ("job_title", "from the CRM")), null, "u");

        Assert.Equal("from the page / from the CRM", Render("{{ lead.traits.jobTitle }} / {{ lead.traits.job_title }}", model));
    }

    [Fact]
    public void For_TraitNames_AreCaseSensitive()
    {
        var model = TemplateModel.For(Leads.With(("company", "Northwind")), null, "u");

        Assert.Equal("[]", Render("[{{ lead.traits.Company }}]", model));
    }

    [Fact]
    public void For_LeadWithoutEmailOrTouches_GivesEmptyText()
    {
        var lead = Leads.With();
        lead.Emails.Clear();
        lead.FirstTouch = null;
        lead.TimeZone = null;

        Assert.Equal("[][][][]", Render("[{{ lead.email }}][{{ lead.first_touch.channel }}][{{ lead.time_zone }}][{{ lead.top_interest }}]", TemplateModel.For(lead, null, "u")));
    }

    [Fact]
    public void For_Traits_CanBeCountedAndLoopedOver()
    {
        var model = TemplateModel.For(Leads.With(("a", "1"), ("b", "2")), null, "u");

        Assert.Equal("2: a=1 b=2 ", Render("{{ lead.traits | size }}: {% for t in lead.traits %}{{ t[0] }}={{ t[1] }} {% endfor %}", model));
    }

    [Fact]
    public void SampleLead_FillsWhatTheConsoleHintNames()
    {
        var text = Render("{{ lead.email }} {{ lead.traits.name }} {{ lead.traits.firstName }} {{ lead.traits.jobTitle }} {{ lead.stage }}",
            TemplateModel.For(TemplateModel.SampleLead(), null, "u"));

        Assert.Equal("ann.sample@example.com Ann Sample Ann CTO mql", text);
    }

    [Fact]
    public void Sandbox_ObjectInTheModel_ShowsNoMembers()
    {
        // The model is dictionaries only; were an object ever put in, the sandbox reads none of its members.
        var context = new TemplateContext(TemplateSandbox.Options(new FakeTimeProvider()));
        context.SetValue("o", new Secretive("p@ss"));

        Assert.Equal("[]", new FluidParser().Parse("[{{ o.Password }}{{ o.password }}]").Render(context));
    }

    private sealed record Secretive(string Password);
}
