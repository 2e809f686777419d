using Scalar.AspNetCore;
using Nurture.Email;
using Nurture.Email.Apis;
using Nurture.EventStore;
using Nurture.Handoff;
using Nurture.Handoff.Apis;
using Nurture.Http;
using Nurture.Outbound;
using Nurture.Server.Access;
using Nurture.Server.Apis;
using Nurture.Server.Attribution;
using Nurture.Server.Dashboard;
using Nurture.Server.Flows;
using Nurture.Server.Imports;
using Nurture.Server.Ingest;
using Nurture.Server.Leads;
using Nurture.Server.Scoring;
using Nurture.Server.Segments;
using Nurture.Server.Storage;

namespace Nurture.Server.Hosting;

/// <summary>Wires the host: each feature's registration, the Orleans silo, the request pipeline and each feature's routes.</summary>
public static class NurtureHost
{
    /// <summary>Registers everything; nothing is read or written here (<see cref="DatabaseStartup"/> does that first at start).</summary>
    public static void AddNurture(this WebApplicationBuilder builder)
    {
        var postgres = PostgresConnectionString.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<NurtureOptions>().BindConfiguration("Nurture").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        // Hosted services start in the order they are registered (and stop in reverse), and this method alone
        // decides that order, in three parts. First the database step (AddStorage: the schema, then the secrets).
        // Then the features, whose only hosted services here are the PostgreSQL catalogs (scoring and predictive
        // models, flows, segments): they must be loaded before the silo starts, because once it is up other nodes
        // place leads on it and reminders tick there, and a lead activated with empty catalogs would drop its flow
        // reminder and leave its segments. Then the silo, and after it every feature's workers and spool consumers
        // (AddXxxWorkers), which need it; metrics last.
        services.AddStorage(postgres);
        services.AddApiConventions();
        services.AddAccess();
        services.AddOutbound();
        services.AddPublicRateLimits();
        services.AddIngest();
        services.AddEventStore();
        services.AddScoring();
        services.AddLeads();
        services.AddFlows();
        services.AddSegments();
        services.AddEmail(tokenKey: sp => sp.GetRequiredService<ClusterSecrets>().EmailTokenKey);
        services.AddHandoff(webhookKey: sp => sp.GetRequiredService<ClusterSecrets>().WebhookKey);
        services.AddImports();
        services.AddDashboard();
        services.AddAttribution();

        builder.AddSilo(postgres);

        services.AddEventStoreWriters();
        services.AddIngestWorkers();
        services.AddEmailWorkers();
        services.AddHandoffWorkers();
        services.AddLeadsWorkers();
        services.AddImportsWorkers();
        services.AddSegmentsWorkers();
        services.AddDashboardWorkers();
        // Last: its hosted service builds the meter provider, which reads the spool and writers' status.
        services.AddNurtureMetrics();
    }

    public static WebApplication MapNurture(this WebApplication app)
    {
        // First, so everything after sees the client's address rather than the load balancer's.
        app.UseTrustedProxies();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A body the framework could not bind is the caller's error (400/413/415 naming where); the rest a 500.
            ExceptionHandler = http => ExceptionProblems.For(http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error).ExecuteAsync(http),
            // A caller's bad body is answered, not an error of ours: it stays out of the error log.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        // An error that would leave with a status alone (unknown route, 405, a type routing refused) gets its problem details.
        app.UseStatusCodePages(context => ApiErrors.WriteStatusAsync(context.HttpContext));
        // After routing and the trusted proxies: limits per client address and per endpoint's policy.
        app.UseRateLimiter();
        // After routing (WebApplication adds it first), so it sees each request's endpoint and its roles.
        app.UseMiddleware<AccessMiddleware>();

        app.MapOpenApi();
        // The OpenAPI document as a browsable page, from assets embedded in the package (nothing fetched elsewhere).
        app.MapScalarApiReference();
        app.MapHealthApi();
        app.MapMetricsApi();
        app.MapIngestApi();
        app.MapTrackerApi();
        app.MapConsole();
        app.MapEmailTrackingApi().RequireRateLimiting(PublicRateLimits.EmailLinks);
        // Every route under /api declares its roles with .AllowRoles(...) (see Nurture.Http/AllowedRoles.cs).
        // What any route under /api may answer; each feature adds its own (409, 503, …).
        var api = app.MapGroup("/api").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized,
            StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError);
        api.MapAccessApi();
        api.MapLeadsApi();
        api.MapImportsApi();
        api.MapDuplicatesApi();
        api.MapSegmentsApi();
        api.MapAnalysisApi();
        api.MapEmailPerformanceApi();
        api.MapDashboardApi();
        api.MapSitesApi();
        api.MapClusterApi();
        api.MapScoringApi();
        api.MapPredictiveApi();
        api.MapEmailApi();
        api.MapFlowsApi();
        api.MapHandoffApi();
        return app;
    }
}
