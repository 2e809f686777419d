using Nurture.Http;
using Nurture.Abstractions.Leads;

namespace Nurture.Handoff.Sales;

/// <summary>
/// Endpoint metadata and filter for routes with a lead id in "{id}" that sales may call: a sales
/// caller only reaches leads whose newest assignment is their rep's (a sales user with no rep
/// reaches none). Any other lead answers 404, as an unknown one would, so ids cannot be probed.
/// Admins and marketers pass straight through.
/// </summary>
public sealed class SalesLeadScope : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Caller.Of(http) is not { IsSales: true } caller) return await next(context);
        // A malformed id is left for the handler to refuse with its own 400.
        if (!Guid.TryParse(http.Request.RouteValues["id"] as string, out var leadId)) return await next(context);
        if (caller.RepId is not null)
        {
            var lead = await LeadResolver.ResolveAsync(http.RequestServices.GetRequiredService<IGrainFactory>(), leadId);
            if (lead is null) return await next(context);
            var ids = lead.HistoryIds.Append(lead.Id).Append(leadId).Distinct().ToList();
            var rep = await http.RequestServices.GetRequiredService<SalesFeedbackStore>().AssignedRepAsync(ids, http.RequestAborted);
            if (rep == caller.RepId) return await next(context);
        }
        return ApiErrors.NotFound("The lead");
    }
}

public static class SalesLeadScopeExtensions
{
    /// <summary>Lets sales call this "{id}" lead route for their assigned leads only (pair it with AllowRoles(..., Roles.Sales)).</summary>
    public static TBuilder ScopeSalesToAssignedLeads<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new SalesLeadScope()).WithMetadata(new SalesLeadScope());
}
