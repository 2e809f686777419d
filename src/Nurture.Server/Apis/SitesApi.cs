using System.Globalization;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Ingest.Pipeline;
using Nurture.Server.Storage;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>Registering the websites that send events: their allowed origins (CORS) and the traits their visitors may set.</summary>
public static class SitesApi
{
    public sealed record SiteResponse(Guid Id, string SiteKey, string Name, IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> PublicTraits, DateTimeOffset CreatedAt)
    {
        public static SiteResponse From(Site site) => new(site.Id, site.Key, site.Name, site.AllowedOrigins, site.PublicTraits, site.CreatedAt);
    }

    public sealed record SiteRequest(string? Name, IReadOnlyList<string>? AllowedOrigins, IReadOnlyList<string>? PublicTraits);

    private const int MaxOrigins = 50;
    private const int MaxPublicTraits = 100;

    public static RouteGroupBuilder MapSitesApi(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites").AllowRoles(Roles.Admin, Roles.Marketer);
        // Marketers set sites up: the snippet is theirs to place, its origins and public traits theirs to tune.
        sites.MapPost("/", CreateAsync).Accepts<SiteRequest>("application/json").Produces<SiteResponse>(StatusCodes.Status201Created);
        sites.MapGet("/", ListAsync);
        sites.MapGet("/{id}", GetAsync);
        sites.MapPatch("/{id}", UpdateAsync).Accepts<SiteRequest>("application/json").Produces<SiteResponse>();
        sites.MapGet("/{id}/activity", ActivityAsync).Produces<ActivityResponse>();
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, PostgresSiteDirectory sites, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken);
        if (body is null) return error!;
        using (body)
        {
            var site = Read(body, creating: true);
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            var created = await sites.CreateAsync(site.Name!, site.AllowedOrigins ?? [], site.PublicTraits ?? [], cancellationToken);
            return TypedResults.Created($"/api/sites/{created.Id}", SiteResponse.From(created));
        }
    }

    /// <summary>Changes only the fields given; a list replaces the old list (an empty list clears it).</summary>
    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, PostgresSiteDirectory sites, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var siteId)) return ApiErrors.BadRequest("id", "must be a site id (a UUID)");
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken);
        if (body is null) return error!;
        using (body)
        {
            var change = Read(body, creating: false);
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            var site = await sites.UpdateAsync(siteId, change.Name, change.AllowedOrigins, change.PublicTraits, cancellationToken);
            return site is null ? ApiErrors.NotFound("The site") : TypedResults.Ok(SiteResponse.From(site));
        }
    }

    /// <summary>The install check: the newest event, how many since a moment, and origins refused lately.</summary>
    public sealed record ActivityResponse(DateTimeOffset? LastEventAt, string? LastEventUrl, string? LastEventOrigin, DateTimeOffset Since, long EventsSince,
        IReadOnlyList<RefusedOrigin> RefusedOrigins);

    public sealed record RefusedOrigin(string Origin, DateTimeOffset FirstAt, DateTimeOffset LastAt);

    /// <summary><c>since</c>: where "today" starts for the person asking (their midnight); 24 hours ago when absent.</summary>
    private static async Task<IResult> ActivityAsync(
        string id, string? since, PostgresSiteDirectory sites, SiteActivity activity, SiteOriginRefusals refusals, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        if (!Guid.TryParse(id, out var siteId)) errors.Add(new("id", "must be a site id (a UUID)"));
        var now = time.GetUtcNow();
        var from = now.AddDays(-1);
        if (since is not null && (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from) || from > now || from < now.AddDays(-31)))
            errors.Add(new("since", "must be a time in the last 31 days (ISO 8601)"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if ((await sites.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == siteId) is not { } site) return ApiErrors.NotFound("The site");
        // An origin allowed since it was refused is no longer a problem to show.
        var refused = (await refusals.ListAsync(siteId, cancellationToken)).Where(r => !site.AllowsOrigin(r.Origin))
            .Select(r => new RefusedOrigin(r.Origin, r.FirstAt, r.LastAt)).ToList();
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var events = await activity.ReadAsync(siteId, from, now, cancellationToken);
            return TypedResults.Ok(new ActivityResponse(events.LastAt, events.LastUrl, OriginOf(events.LastUrl), from, events.Since, refused));
        }, cancellationToken);
    }

    private static string? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;

    private static async Task<IResult> ListAsync(PostgresSiteDirectory sites, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sites.ListAsync(cancellationToken)).Select(SiteResponse.From));

    private static async Task<IResult> GetAsync(string id, PostgresSiteDirectory sites, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var siteId)) return ApiErrors.BadRequest("id", "must be a site id (a UUID)");
        var site = (await sites.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == siteId);
        return site is null ? ApiErrors.NotFound("The site") : TypedResults.Ok(SiteResponse.From(site));
    }

    /// <summary>The fields of a create or change, each checked by name; errors go to the body's list.</summary>
    private static SiteRequest Read(JsonBody body, bool creating)
    {
        foreach (var field in body.FieldNames())
        {
            if (field is not ("name" or "allowedOrigins" or "publicTraits")) body.Error(Short(field), "is not a field of a site (name, allowedOrigins, publicTraits)");
        }
        var name = body.String("name", 200, required: creating);
        var origins = body.StringList("allowedOrigins", MaxOrigins, (text, errors, path) =>
        {
            if (TryOrigin(text, out var origin)) return origin;
            errors.Add(new(path, "must be an origin such as https://www.example.com (scheme, host and optional port, no path)"));
            return null;
        });
        var traits = body.StringList("publicTraits", MaxPublicTraits, (text, errors, path) =>
        {
            if (!TraitNames.IsValid(text)) errors.Add(new(path, TraitNames.Rule));
            else if (ReservedTraits.IsReserved(text)) errors.Add(new(path, $"'{text}' {ReservedTraits.Reason}"));
            else return text;
            return null;
        });
        return new SiteRequest(name, origins?.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), traits?.Distinct(StringComparer.Ordinal).ToList());
    }

    private static string Short(string name) => name.Length <= 64 ? name : name[..64] + "…";

    private static bool TryOrigin(string text, out string origin)
    {
        origin = "";
        if (text.Length > 300 || !Uri.TryCreate(text, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return false;
        origin = uri.GetLeftPart(UriPartial.Authority);
        return true;
    }
}
