using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;

namespace Nurture.Email.Tests.Templates;

/// <summary>Leads for template tests: only what a template can see is set.</summary>
internal static class Leads
{
    public static LeadState With(params (string Name, string Value)[] traits) => new()
    {
        Id = Guid.Parse("6a0e2d4c-1111-4222-8333-944455556666"),
        Emails = ["kim@northwind.example", "kim.lee@home.example"],
        Traits = traits.ToDictionary(t => t.Name, t => new TraitValue(t.Value, DateTimeOffset.UnixEpoch, "test"), StringComparer.Ordinal),
        Scores = new LeadScores { Stage = LeadStages.Mql, Grade = "A", Fit = 42.5 },
        TimeZone = "Asia/Tokyo",
        Language = "ja",
        FirstTouch = new Touch(new AcquisitionSource { Channel = "email", UtmSource = "newsletter", UtmMedium = "email", UtmCampaign = "spring" }, null, "https://www.example.com/blog", DateTimeOffset.UnixEpoch),
    };
}
