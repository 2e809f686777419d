using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Server.Segments;
using Nurture.Http;
using Nurture.EventStore;
using Nurture.Abstractions.Leads.Conditions;

namespace Nurture.Server.Apis;

/// <summary>Segments: saved filters over the lead list, their sizes, and their members (GET /api/leads?segment=ID).</summary>
public static partial class SegmentsApi
{
    public static RouteGroupBuilder MapSegmentsApi(this RouteGroupBuilder api)
    {
        var segments = api.MapGroup("/segments").WithTags("Segments").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        segments.MapGet("/", async (SegmentStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        segments.MapGet("/{id}", GetAsync);
        segments.MapPut("/{id}", SaveAsync).Accepts<JsonElement>("application/json");
        segments.MapDelete("/{id}", DeleteAsync);
        segments.MapPost("/{id}/refresh", RefreshAsync);
        segments.MapPost("/preview", PreviewAsync).Accepts<JsonElement>("application/json").Produces<SegmentPreview>();
        return api;
    }

    private static async Task<IResult> GetAsync(string id, SegmentStore store, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Find(s => s.Id == id) is { } segment ? TypedResults.Ok(segment) : ApiErrors.NotFound("The segment");

    private static async Task<IResult> SaveAsync(string id, HttpRequest request, SegmentStore store, PostgresSegmentCatalog catalog, CancellationToken cancellationToken)
    {
        if (!IdPattern().IsMatch(id)) return ApiErrors.BadRequest("id", "segment ids are 1-100 lower-case letters, digits, - or _");
        var (definition, raw, problem) = await ReadDefinitionAsync(request, cancellationToken);
        if (problem is not null) return problem;
        if (definition!.Filter.Condition is { } condition && Refers(condition, id))
            return ApiErrors.BadRequest("$.conditions", "must not test membership of the segment itself");
        await store.SaveAsync(id, definition.Name, raw!, cancellationToken);
        await catalog.RefreshAsync(cancellationToken);
        return await GetAsync(id, store, cancellationToken);
    }

    /// <summary>
    /// What a segment being edited would hold now: its size and the first few members, straight from the lead
    /// list (the condition builder calls it as the marketer types). Nothing is saved.
    /// </summary>
    private static async Task<IResult> PreviewAsync(HttpRequest request, LeadDirectory directory, CancellationToken cancellationToken)
    {
        var (definition, _, problem) = await ReadDefinitionAsync(request, cancellationToken);
        if (problem is not null) return problem;
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var page = await directory.ListAsync(definition!.Filter, LeadSort.LastSeen, SampleSize, 0, cancellationToken);
            return TypedResults.Ok(new SegmentPreview(page.Total, page.Leads));
        }, cancellationToken);
    }

    private const int SampleSize = 5;

    private static async Task<(SegmentDefinition? Definition, string? Raw, IResult? Problem)> ReadDefinitionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return (null, null, ApiErrors.BadRequest("$", "is not valid JSON"));
        }
        using (document)
        {
            var (definition, errors) = SegmentDefinition.Parse(document.RootElement);
            return definition is null
                ? (null, null, ApiErrors.BadRequest(errors.Select(e => new FieldError(e.Path, e.Reason)).ToList()))
                : (definition, document.RootElement.GetRawText(), null);
        }
    }

    private static bool Refers(LeadCondition condition, string segment) => condition switch
    {
        ConditionGroup group => group.Conditions.Any(c => Refers(c, segment)),
        SegmentCondition test => test.Segment == segment,
        _ => false,
    };

    private static async Task<IResult> DeleteAsync(string id, SegmentStore store, PostgresSegmentCatalog catalog, SegmentRefresher refresher, CancellationToken cancellationToken)
    {
        if (await store.DeleteAsync(id, cancellationToken) is not { } members) return ApiErrors.NotFound("The segment");
        await catalog.RefreshAsync(cancellationToken);
        await refresher.TellLeadsAsync(members, [], [id], cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Recomputes the segment now instead of at the next interval; answers who joined and left.</summary>
    private static async Task<IResult> RefreshAsync(string id, SegmentStore store, SegmentRefresher refresher, CancellationToken cancellationToken)
    {
        if ((await store.ListAsync(cancellationToken)).Find(s => s.Id == id) is not { } segment) return ApiErrors.NotFound("The segment");
        var (definition, _) = SegmentDefinition.Parse(segment.Definition);
        return await LeadsApi.ClickHouseCallAsync(async () => TypedResults.Ok(await refresher.RefreshNowAsync(id, definition!, cancellationToken)), cancellationToken);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex IdPattern();
}

/// <summary>How many leads a segment being edited holds now, and the most recently seen few of them.</summary>
public sealed record SegmentPreview(long Size, IReadOnlyList<LeadListItem> Sample);
