using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Flows;
using Nurture.Server.Email;
using Nurture.Server.Flows;

namespace Nurture.Server.Apis;

/// <summary>Nurture flow definitions: saved as versions after validation by JSON path, then activated or paused.</summary>
public static partial class FlowsApi
{
    public static RouteGroupBuilder MapFlowsApi(this RouteGroupBuilder api)
    {
        var flows = api.MapGroup("/flows").WithTags("Flows");
        flows.MapGet("/", async (FlowStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        flows.MapGet("/{id}", async (string id, FlowStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } flow ? TypedResults.Ok(flow) : ApiErrors.NotFound("The flow"));
        flows.MapPut("/{id}", SaveAsync).Accepts<JsonElement>("application/json");
        flows.MapPost("/{id}/activate", (string id, FlowStore store, CancellationToken ct) => SetStatusAsync(id, FlowStore.Active, store, ct));
        flows.MapPost("/{id}/pause", (string id, FlowStore store, CancellationToken ct) => SetStatusAsync(id, FlowStore.Paused, store, ct));
        return api;
    }

    private static async Task<IResult> SaveAsync(string id, HttpRequest request, FlowStore flows, EmailTemplateStore templates, CancellationToken ct)
    {
        if (!FlowId().IsMatch(id)) return ApiErrors.BadRequest("id", "must be 1 to 64 lower-case letters, digits, '-' or '_'");
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return TypedResults.BadRequest(new ScoringApi.ModelErrorsBody("The flow is invalid.", [new("$", $"is not valid JSON: {ex.Message}")]));
        }
        using (document)
        {
            var known = (await templates.ListAsync(ct)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var (flow, errors) = FlowParser.Parse(id, document.RootElement, known.Contains);
            if (flow is null) return TypedResults.BadRequest(new ScoringApi.ModelErrorsBody("The flow is invalid.", errors));
            return TypedResults.Ok(await flows.SaveAsync(id, document.RootElement, ct));
        }
    }

    private static async Task<IResult> SetStatusAsync(string id, string status, FlowStore store, CancellationToken ct) =>
        await store.SetStatusAsync(id, status, ct) is { } flow ? TypedResults.Ok(flow) : ApiErrors.NotFound("The flow");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex FlowId();
}
