using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Tests;

/// <summary>Leads and reps for hand-off tests: only what the hand-off reads is set.</summary>
internal static class Leads
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);

    public static LeadState With(params (string Name, string Value)[] traits) => WithFrom("import:crm", traits);

    public static LeadState WithFrom(string source, params (string Name, string Value)[] traits) => new()
    {
        Id = Guid.Parse("6a0e2d4c-1111-4222-8333-944455556666"),
        CreatedAt = Now.AddDays(-3),
        Emails = ["kim@northwind.example"],
        Traits = traits.ToDictionary(t => t.Name, t => new TraitValue(t.Value, Now, source), StringComparer.Ordinal),
        FirstTouch = new Touch(new AcquisitionSource { Channel = "paid_search", UtmSource = "google" }, null, "https://www.example.com/", Now.AddDays(-3)),
        LastTouch = new Touch(new AcquisitionSource { Channel = "email" }, null, "https://www.example.com/pricing", Now.AddMinutes(-5)),
    };

    public static Rep Rep(string id, string[]? countries = null, string[]? industries = null, string[]? regions = null, string[]? sizes = null, bool active = true) =>
        new(id, $"Rep {id}", $"{id}@sales.example", active, 10, countries ?? [], industries ?? [], null, null, regions, sizes);

    /// <summary>A rep in Tokyo working weekdays 09:00 to 18:00 (at <see cref="Now"/>, Monday 18:30 there: just after hours).</summary>
    public static Rep TokyoOfficeRep(string id) =>
        Rep(id) with { TimeZone = "Asia/Tokyo", WorkingHours = [.. WorkingDay.Days.Take(5).Select(d => new WorkingDay(d, "09:00", "18:00"))] };
}
