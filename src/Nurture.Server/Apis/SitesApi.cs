using System.Text.Json;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Wire;
using Nurture.Server.Storage;
using Nurture.Server.Access;

namespace Nurture.Server.Apis;

/// <summary>Registering the websites that send events, and their allowed origins (CORS).</summary>
public static class SitesApi
{
    public sealed record SiteResponse(Guid Id, string SiteKey, string Name, IReadOnlyList<string> AllowedOrigins, DateTimeOffset CreatedAt)
    {
        public static SiteResponse From(Site site) => new(site.Id, site.Key, site.Name, site.AllowedOrigins, site.CreatedAt);
    }

    public static RouteGroupBuilder MapSitesApi(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites").AllowRoles(Roles.Admin, Roles.Marketer);
        sites.MapPost("/", CreateAsync).AllowRoles(Roles.Admin).Accepts<CreateSiteRequest>("application/json").Produces<SiteResponse>(StatusCodes.Status201Created);
        sites.MapGet("/", ListAsync);
        return api;
    }

    public sealed record CreateSiteRequest(string Name, IReadOnlyList<string>? AllowedOrigins);

    private static async Task<IResult> CreateAsync(HttpRequest request, PostgresSiteDirectory sites, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return ApiErrors.BadRequest("", $"the body is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            var errors = new List<FieldError>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ApiErrors.BadRequest("", "the body must be a JSON object");
            var name = root.TryGetProperty("name", out var n) ? JsonBody.Text(n)?.Trim() : null;
            if (name is null) errors.Add(new("name", "is required and must be a string of valid Unicode"));
            else if (name.Length is 0 or > 200) errors.Add(new("name", "must be 1 to 200 characters"));
            else if (name.Any(char.IsControl) || EventValidator.HasLoneSurrogate(name)) errors.Add(new("name", "must not contain control characters or invalid Unicode"));

            var origins = new List<string>();
            if (root.TryGetProperty("allowedOrigins", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array) errors.Add(new("allowedOrigins", "must be an array of origins"));
                else
                {
                    var i = 0;
                    foreach (var item in list.EnumerateArray())
                    {
                        var field = $"allowedOrigins[{i++}]";
                        if (i > 50) { errors.Add(new("allowedOrigins", "has more than 50 origins")); break; }
                        if (JsonBody.Text(item) is not { } text || !TryOrigin(text, out var origin))
                            errors.Add(new(field, "must be an origin such as https://www.example.com (scheme, host and optional port, no path)"));
                        else origins.Add(origin);
                    }
                }
            }
            if (errors.Count > 0) return ApiErrors.BadRequest(errors);
            var site = await sites.CreateAsync(name!, origins, cancellationToken);
            return TypedResults.Created($"/api/sites/{site.Id}", SiteResponse.From(site));
        }
    }

    private static async Task<IResult> ListAsync(PostgresSiteDirectory sites, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sites.ListAsync(cancellationToken)).Select(SiteResponse.From));

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
