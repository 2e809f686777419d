using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.CustomerData.Duplicates;
using Nurture.EventStore;
using Nurture.Server.Leads;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// 名寄せ: candidate duplicate pairs with a score and the reasons, and the merge of leads a person
/// decided are one, with survivorship rules per field.
/// </summary>
public static class DuplicatesApi
{
    /// <summary>The most leads one duplicate search looks at; narrow bigger lists with the lead filters.</summary>
    public const int MaxLeads = 200_000;

    public static RouteGroupBuilder MapDuplicatesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/duplicates", ListAsync).WithTags("Duplicates").AllowRoles(Roles.Admin, Roles.Marketer).ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/leads/merge", MergeAsync).Accepts<JsonElement>("application/json").WithTags("Duplicates").AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapGet("/leads/{id}/merges", MergesAsync).WithTags("Duplicates").AllowRoles(Roles.Admin, Roles.Marketer);
        return api;
    }

    /// <summary>GET /api/duplicates?minScore=0.7&amp;limit=100 plus any lead-list filter (q, source, stage, …).</summary>
    private static async Task<IResult> ListAsync(
        HttpRequest request, string? minScore, string? limit, LeadDirectory directory, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var filter = LeadFilterQuery.Parse(request.Query, errors);
        var threshold = 0.7;
        if (minScore is not null && (!double.TryParse(minScore, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out threshold) || threshold is < 0 or > 1 || double.IsNaN(threshold)))
            errors.Add(new("minScore", "must be a number from 0 to 1"));
        var pageSize = 100;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > 1000)) errors.Add(new("limit", "must be a whole number from 1 to 1000"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);

        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var leads = new Dictionary<string, LeadListItem>();
            await foreach (var lead in directory.ReadAllAsync(filter, cancellationToken))
            {
                if (leads.Count == MaxLeads) return ApiErrors.BadRequest("q", $"more than {MaxLeads:N0} leads match; narrow the search with the lead filters");
                leads[lead.Id.ToString("D")] = lead;
            }
            var found = DuplicateDetector.FindPairs(leads.Values.Select(Person), new DuplicateOptions { MinScore = threshold });
            var pairs = found.Take(pageSize).Select(p => new
            {
                score = Math.Round(p.Score, 3),
                p.Reasons,
                first = leads[p.FirstId],
                second = leads[p.SecondId],
            });
            return TypedResults.Ok(new { total = found.Count, leadsCompared = leads.Count, comparisons = found.ComparisonCount, pairs });
        }, cancellationToken);
    }

    private static PersonRecord Person(LeadListItem lead) => new(
        lead.Id.ToString("D"), lead.Email, lead.Phone, lead.Name, lead.Traits.GetValueOrDefault("name_kana"), lead.Company,
        lead.LastSeen ?? lead.CreatedAt ?? DateTimeOffset.UnixEpoch, lead.FirstSource ?? lead.FirstChannel);

    /// <summary>
    /// POST /api/leads/merge {"leads": [id, id, …], "survivor": id?, "rules": {"default": "newest" | {"sources": [...]},
    /// "fields": {"company": {"choose": id} | {"sources": [...]} | "newest"}}}.
    /// </summary>
    private static async Task<IResult> MergeAsync(JsonElement body, HttpContext http, IGrainFactory grains, DuplicateMerger merger)
    {
        List<FieldError> errors = [];
        if (body.ValueKind != JsonValueKind.Object) return ApiErrors.BadRequest("$", "must be a JSON object");
        var ids = new List<Guid>();
        if (!body.TryGetProperty("leads", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is < 2 or > 20)
            errors.Add(new("$.leads", "must be an array of 2 to 20 lead ids"));
        else
        {
            foreach (var (item, i) in list.EnumerateArray().Select((item, i) => (item, i)))
            {
                if (item.ValueKind == JsonValueKind.String && Guid.TryParse(item.GetString(), out var id)) ids.Add(id);
                else errors.Add(new($"$.leads[{i}]", "must be a lead id (a UUID)"));
            }
        }
        Guid? survivor = null;
        if (body.TryGetProperty("survivor", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind == JsonValueKind.String && Guid.TryParse(s.GetString(), out var sid)) survivor = sid;
            else errors.Add(new("$.survivor", "must be one of the lead ids"));
        }
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);

        // Merged-away ids stand for their survivor; the same person named twice is merged once.
        var states = new List<LeadState>();
        foreach (var id in ids)
        {
            if (await LeadResolver.ResolveAsync(grains, id) is not { } state) return ApiErrors.NotFound($"The lead {id}");
            if (!states.Any(x => x.Id == state.Id)) states.Add(state);
        }
        if (states.Count < 2) return ApiErrors.BadRequest("$.leads", "name at least two different people (these ids are one lead already)");
        if (survivor is { } chosen && await LeadResolver.ResolveAsync(grains, chosen) is { } resolved) survivor = resolved.Id;
        if (survivor is { } sv && !states.Any(x => x.Id == sv)) return ApiErrors.BadRequest("$.survivor", "must be one of the lead ids");
        var rules = SurvivorshipRequest.Parse(body, states.Select(x => x.Id).ToList(), errors);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);

        return TypedResults.Ok(await merger.MergeAsync(states, survivor, rules!, ApiActor.Of(http)));
    }

    private static async Task<IResult> MergesAsync(string id, DuplicateMerger merger, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        return TypedResults.Ok(await merger.HistoryAsync(leadId, cancellationToken));
    }
}
