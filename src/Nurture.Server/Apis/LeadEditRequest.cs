using System.Text.Json;
using Nurture.Abstractions;
using Nurture.Abstractions.Leads;
using Nurture.Server.Leads;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// The body of POST /api/leads and PATCH /api/leads/{id}:
/// <c>{"traits": {"company": "Acme"}, "consent": {"status": "granted", "source": "signed form"}, "owner": "rep-1"}</c>.
/// Values are stored exactly as sent (no trimming, no normalising) or refused by field; null clears a
/// trait or the owner. Only imports clean values, and their dry run shows each cleaned value.
/// </summary>
public static class LeadEditRequest
{
    public static LeadUpdate? Parse(JsonElement body, string actor, DateTimeOffset now, List<FieldError> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(JsonPath.Root, "must be a JSON object"));
            return null;
        }
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("traits", out var map) && map.ValueKind != JsonValueKind.Null)
        {
            if (map.ValueKind != JsonValueKind.Object) errors.Add(new("$.traits", "must be an object of trait name to text"));
            else
            {
                foreach (var trait in map.EnumerateObject())
                {
                    if (traits.Count == TraitRules.MaxTraits)
                    {
                        errors.Add(new("$.traits", $"has more than {TraitRules.MaxTraits} entries"));
                        break;
                    }
                    var value = trait.Value.ValueKind switch
                    {
                        JsonValueKind.String => JsonBody.Text(trait.Value),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => trait.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => null,
                    };
                    var reason = value is null ? "must be text, a number, true/false or null (valid Unicode)"
                        : trait.Value.ValueKind == JsonValueKind.String ? TraitRules.CheckSent(trait.Name, value)
                        : TraitRules.Check(trait.Name, value);
                    if (reason is not null) errors.Add(new(JsonPath.Member("$.traits", Shorten(trait.Name)), reason));
                    else traits[trait.Name] = value!;
                }
            }
        }
        ConsentState? consent = null;
        if (body.TryGetProperty("consent", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            var status = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var source = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("source", out var src) ? JsonBody.Text(src) : null;
            var sourceOk = source is { Length: > 0 and <= 200 } && !string.IsNullOrWhiteSpace(source) && !source.Any(char.IsControl);
            if (!ConsentState.IsStatus(status)) errors.Add(new("$.consent.status", "must be granted, denied or unknown"));
            if (!sourceOk) errors.Add(new("$.consent.source", "is required: where the person said so (1-200 characters, not only spaces, no control characters)"));
            if (ConsentState.IsStatus(status) && sourceOk) consent = new ConsentState(status!, source!, now);
        }
        string? owner = null;
        if (body.TryGetProperty("owner", out var o) && o.ValueKind != JsonValueKind.Undefined)
        {
            owner = o.ValueKind switch { JsonValueKind.String => JsonBody.Text(o), JsonValueKind.Null => "", _ => null };
            var sent = o.ValueKind == JsonValueKind.String;
            if (owner is null || owner.Length > 100 || owner.Any(char.IsControl) || (sent && string.IsNullOrWhiteSpace(owner)))
                errors.Add(new("$.owner", "must be a rep id (1-100 characters, not only spaces, no control characters) or null to clear it"));
        }
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("traits" or "consent" or "owner")) errors.Add(new(JsonPath.Member(JsonPath.Root, Shorten(property.Name)), "is not a field of a lead edit (traits, consent, owner)"));
        }
        return errors.Count > 0 ? null : new LeadUpdate { Actor = actor, At = now, Traits = traits, Consent = consent, Owner = owner };
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
