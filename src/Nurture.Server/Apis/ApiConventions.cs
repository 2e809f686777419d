namespace Nurture.Server.Apis;

/// <summary>What every endpoint relies on from the framework: the OpenAPI document and problem details for every error.</summary>
public static class ApiConventions
{
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.AddOpenApi();
        // Every error answer is problem details (Nurture.Http/ApiErrors.cs); this is the writer they go through.
        services.AddProblemDetails();
        // A body the framework cannot bind (too deep, malformed) throws in every environment, so the
        // exception handler answers problem details naming where instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
