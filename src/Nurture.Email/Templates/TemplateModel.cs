using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;

namespace Nurture.Email.Templates;

/// <summary>
/// What a template can use: <c>lead.email</c>, <c>lead.traits.&lt;name&gt;</c>, <c>lead.stage</c>,
/// <c>lead.grade</c>, <c>lead.top_interest</c>, <c>lead.first_touch.channel</c> (and utm_source,
/// utm_medium, utm_campaign), <c>lead.last_touch.*</c>, <c>lead.time_zone</c>, plus
/// <c>unsubscribe_url</c>. Built from plain dictionaries of strings and numbers so nothing else of the
/// state leaks in (and the sandbox reads no object's members, see <see cref="NoMemberAccess"/>).
/// </summary>
public sealed class TemplateModel
{
    private TemplateModel(IReadOnlyDictionary<string, object> values) => Values = values;

    /// <summary>The template's top-level names and their values.</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    public static TemplateModel For(LeadState lead, string? topInterest, string unsubscribeUrl)
    {
        var traits = lead.Traits.ToDictionary(p => p.Key, p => (object)p.Value.Value, StringComparer.Ordinal);
        // Templates written when the tracker's traits kept their page names ({{ lead.traits.jobTitle }}) still work.
        foreach (var (name, value) in lead.Traits)
        {
            if (name.Contains('_')) traits.TryAdd(CamelCase(name), value.Value);
        }
        var model = new Dictionary<string, object>
        {
            ["id"] = lead.Id.ToString(),
            ["email"] = lead.Emails.FirstOrDefault() ?? "",
            ["traits"] = traits,
            ["stage"] = lead.Scores.Stage,
            ["grade"] = lead.Scores.Grade,
            ["fit"] = lead.Scores.Fit,
            ["top_interest"] = topInterest ?? "",
            ["time_zone"] = lead.TimeZone ?? "",
            ["language"] = lead.Language ?? "",
            ["first_touch"] = Touch(lead.FirstTouch),
            ["last_touch"] = Touch(lead.LastTouch),
        };
        return new TemplateModel(new Dictionary<string, object> { ["lead"] = model, ["unsubscribe_url"] = unsubscribeUrl });
    }

    /// <summary>A lead for previews: believable values in every field a template may use.</summary>
    public static LeadState SampleLead() => new()
    {
        Id = Guid.Empty,
        Emails = ["ann.sample@example.com"],
        Traits = new Dictionary<string, TraitValue>
        {
            ["first_name"] = new("Ann", DateTimeOffset.UnixEpoch, "sample"),
            ["name"] = new("Ann Sample", DateTimeOffset.UnixEpoch, "sample"),
            ["company"] = new("Example Corp", DateTimeOffset.UnixEpoch, "sample"),
            ["job_title"] = new("CTO", DateTimeOffset.UnixEpoch, "sample"),
        },
        Scores = new LeadScores { Stage = LeadStages.Mql, Grade = "B", Fit = 35 },
        TimeZone = "Europe/Paris",
    };

    /// <summary>"job_title" → "jobTitle".</summary>
    private static string CamelCase(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static Dictionary<string, object> Touch(Touch? touch) => new()
    {
        ["channel"] = touch?.Source.Channel ?? "",
        ["utm_source"] = touch?.Source.UtmSource ?? "",
        ["utm_medium"] = touch?.Source.UtmMedium ?? "",
        ["utm_campaign"] = touch?.Source.UtmCampaign ?? "",
        ["landing_page"] = touch?.LandingPage ?? "",
    };
}
