using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.Leads;

namespace Nurture.Server.Apis;

/// <summary>
/// The body of POST /api/leads and PATCH /api/leads/{id}:
/// <c>{"traits": {"company": "Acme"}, "consent": {"status": "granted", "source": "signed form"}, "owner": "rep-1"}</c>.
/// </summary>
public static class LeadEditRequest
{
    public static LeadUpdate? Parse(JsonElement body, string actor, DateTimeOffset now, List<FieldError> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("body", "must be a JSON object"));
            return null;
        }
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("traits", out var map) && map.ValueKind != JsonValueKind.Null)
        {
            if (map.ValueKind != JsonValueKind.Object) errors.Add(new("traits", "must be an object of trait name to text"));
            else
            {
                foreach (var trait in map.EnumerateObject())
                {
                    if (traits.Count == TraitRules.MaxTraits)
                    {
                        errors.Add(new("traits", $"has more than {TraitRules.MaxTraits} entries"));
                        break;
                    }
                    var value = trait.Value.ValueKind switch
                    {
                        JsonValueKind.String => trait.Value.GetString()!.Trim(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => trait.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => null,
                    };
                    var reason = value is null ? "must be text, a number, true/false or null" : TraitRules.Check(trait.Name, value);
                    if (reason is not null) errors.Add(new($"traits.{Shorten(trait.Name)}", reason));
                    else traits[trait.Name] = value!;
                }
            }
        }
        ConsentState? consent = null;
        if (body.TryGetProperty("consent", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            var status = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var source = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String ? src.GetString()!.Trim() : null;
            if (!ConsentState.IsStatus(status)) errors.Add(new("consent.status", "must be granted, denied or unknown"));
            if (source is not { Length: > 0 and <= 200 }) errors.Add(new("consent.source", "is required: where the person said so (1-200 characters)"));
            if (ConsentState.IsStatus(status) && source is { Length: > 0 and <= 200 }) consent = new ConsentState(status!, source, now);
        }
        string? owner = null;
        if (body.TryGetProperty("owner", out var o) && o.ValueKind != JsonValueKind.Undefined)
        {
            owner = o.ValueKind switch { JsonValueKind.String => o.GetString()!.Trim(), JsonValueKind.Null => "", _ => null };
            if (owner is null || owner.Length > 100) errors.Add(new("owner", "must be a rep id (text up to 100 characters) or null"));
        }
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("traits" or "consent" or "owner")) errors.Add(new(Shorten(property.Name), "is not a field of a lead edit (traits, consent, owner)"));
        }
        return errors.Count > 0 ? null : new LeadUpdate { Actor = actor, At = now, Traits = traits, Consent = consent, Owner = owner };
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
