using System.Net;
using Orleans.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.EventStore;
using Nurture.Ingest.Pipeline;
using Nurture.Spool;
using Nurture.Leads;
using Nurture.Server.Apis;
using Nurture.Server.Ingest;
using Nurture.Server.Storage;
using Nurture.Scoring;
using Nurture.Server.Imports;
using Nurture.Server.Leads;
using Nurture.Server.Segments;
using Nurture.Server.Scoring;
using Nurture.Server.Flows;
using Nurture.Flows;
using Nurture.Email.Sending;
using Nurture.Email.Templates;
using Nurture.Email.Tracking;
using Nurture.Handoff;
using Nurture.Handoff.Apis;
using Nurture.Server.Access;
using Nurture.Outbound;
using Nurture.Http;
using Nurture.Email;
using Nurture.Email.Apis;

namespace Nurture.Server.Hosting;

/// <summary>Wires the host: options, the spool, ClickHouse, PostgreSQL, the Orleans silo and the endpoints.</summary>
public static class NurtureHost
{
    private const string PostgresInvariant = "Npgsql";

    /// <summary>Registers everything; nothing is read or written here (<see cref="DatabaseStartup"/> does that first at start).</summary>
    public static void AddNurture(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(configured))
            throw new OptionsValidationException("ConnectionStrings:Postgres", typeof(string),
                ["ConnectionStrings:Postgres is required (set ConnectionStrings__Postgres), for example Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=nurture"]);
        var postgres = PostgresConnectionString.ForServer(configured);

        var services = builder.Services;
        services.AddOptions<NurtureOptions>().BindConfiguration("Nurture").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SpoolOptions>().BindConfiguration("Nurture:Spool").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClickHouseOptions>().BindConfiguration("Nurture:ClickHouse").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration("Nurture:Ingest");
        services.AddOptions<LeadWriteOptions>().BindConfiguration("Nurture:Leads").ValidateDataAnnotations().ValidateOnStart();
        services.AddOutbound();
        services.AddOptions<AccessOptions>().BindConfiguration("Nurture:Access").ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
        services.AddSingleton<ClusterSecrets>();
        // First of the hosted services: the schema and the secrets, before the silo and everything else.
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseStartup>(sp, postgres));
        services.AddSingleton<PostgresSiteDirectory>();
        services.AddSingleton<ISiteDirectory>(sp => sp.GetRequiredService<PostgresSiteDirectory>());
        services.AddSingleton(sp => new EventSpool(sp.GetRequiredService<IOptions<SpoolOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        // Score changes and lead-list rows get spools of their own beside the events' (one consumer: ClickHouse).
        AddTableSpool(services, ScoreChangeSpooler.SpoolKey, new ScoreChangesTable());
        AddTableSpool(services, LeadProfileSpooler.SpoolKey, new LeadProfilesTable());
        services.AddSingleton<ILeadProfileSink, LeadProfileSpooler>();
        services.AddSingleton<IScoreChangeObserver, ScoreChangeSpooler>();
        services.AddHandoff(webhookKey: sp => sp.GetRequiredService<ClusterSecrets>().WebhookKey);
        services.AddSingleton<PostgresScoringModelStore>();
        services.AddSingleton<IScoringModelSource>(sp => sp.GetRequiredService<PostgresScoringModelStore>());
        services.AddSingleton<PostgresPredictiveModelStore>();
        services.AddSingleton<Nurture.Scoring.Predictive.IPredictiveModelSource>(sp => sp.GetRequiredService<PostgresPredictiveModelStore>());
        services.AddSingleton<OutcomeTrainingSet>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<IIdentifyFlags, Nurture.Server.Ingest.LeadIdentifyFlags>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<ClickHouseStore>();
        services.AddSingleton<ClickHouseWriterStatus>();
        services.AddSingleton<LeadTimeline>();
        services.AddSingleton<LeadDirectory>();
        services.AddSingleton<LeadDataExport>();
        services.AddSingleton<LeadEraser>();
        services.AddOptions<PrivacyOptions>().BindConfiguration("Nurture:Privacy").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImportOptions>().BindConfiguration("Nurture:Imports");
        services.AddSingleton<ImportStore>();
        services.AddSingleton<ImportEmailIndex>();
        services.AddSingleton<DuplicateMerger>();
        services.AddSingleton<SourceAnalysis>();
        services.AddSingleton<SegmentStore>();
        services.AddSingleton<PostgresSegmentCatalog>();
        services.AddSingleton<Nurture.Leads.Segments.ISegmentCatalog>(sp => sp.GetRequiredService<PostgresSegmentCatalog>());
        services.AddSingleton<SegmentRefresher>();
        services.AddOptions<SegmentOptions>().BindConfiguration("Nurture:Segments");
        services.AddSingleton<ImportPreviewer>();
        services.AddSingleton<LeadHistory>();
        services.AddSingleton<ScoreHistory>();
        services.AddSingleton<OpenFlowRuns>();
        services.AddSingleton<ScoringModelPreview>();
        services.AddSingleton<LeadAliasWriter>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<KeyAuthenticator>();
        services.AddEmail(tokenKey: sp => sp.GetRequiredService<ClusterSecrets>().EmailTokenKey);
        services.AddSingleton<FlowStore>();
        services.AddSingleton<PostgresFlowCatalog>();
        services.AddSingleton<IFlowCatalog>(sp => sp.GetRequiredService<PostgresFlowCatalog>());
        services.AddSingleton<IFlowEmailChooser, GrainEmailChooser>();
        services.AddSingleton<FlowRunner>();
        services.AddOpenApi();
        // Every error answer is problem details (Nurture.Http/ApiErrors.cs); this is the writer they go through.
        services.AddProblemDetails();
        services.AddPublicRateLimits();
        // A body the framework cannot bind (too deep, malformed) throws in every environment, so the
        // exception handler answers problem details naming where instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Hosted services start in the order they are registered, and these (PostgreSQL only) before the silo:
        // once a silo is up, other nodes place leads on it and reminders tick there, so a node that joins or
        // rejoins a running cluster must already hold the active model, flows and segments. With empty
        // catalogs a lead activated in that moment would drop its flow reminder and leave its segments.
        services.AddHostedService(sp => sp.GetRequiredService<PostgresScoringModelStore>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresFlowCatalog>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresPredictiveModelStore>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresSegmentCatalog>());

        var cluster = configuration.GetSection("Nurture:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        builder.UseOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = postgres; });
            // Orleans' failure detector under its own option names (ProbeTimeout, NumMissedProbesLimit, ...):
            // how soon a dead node is declared dead, traded against declaring a merely busy one dead.
            silo.Services.AddOptions<Orleans.Configuration.ClusterMembershipOptions>().BindConfiguration("Nurture:Cluster:Membership");
            // Cleared state is deleted, not nulled: an erased person's email must not survive as an index grain's key.
            silo.AddAdoNetGrainStorage(StorageNames.Leads, o => { o.Invariant = PostgresInvariant; o.ConnectionString = postgres; o.DeleteStateOnClear = true; });
            // Lead state is written often (write-behind, every busy lead every few seconds): Orleans'
            // binary serializer instead of the default JSON one, which the load benchmark showed taking
            // a third of the server's CPU.
            silo.Services.AddKeyedSingleton<IGrainStorageSerializer>(StorageNames.Leads,
                (sp, _) => new OrleansGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>()));
            silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = postgres; });
        });

        // Registered after the silo, so they start once it is up.
        services.AddHostedService<SpoolStartupReport>();
        // AddSingleton, not AddHostedService: that one keeps only the first of two services of the same type.
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ClickHouseSpoolWriter>(sp,
            sp.GetRequiredService<EventSpool>(), new EventsTable(), sp.GetRequiredService<ClickHouseWriterStatus>()));
        foreach (var key in new[] { ScoreChangeSpooler.SpoolKey, LeadProfileSpooler.SpoolKey })
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ClickHouseSpoolWriter>(sp,
                sp.GetRequiredKeyedService<EventSpool>(key), sp.GetRequiredKeyedService<ISpoolTable>(key),
                sp.GetRequiredKeyedService<ClickHouseWriterStatus>(key)));
        }
        services.AddHostedService<LeadDispatcher>();
        services.AddEmailWorkers();
        services.AddHandoffWorkers();
        services.AddHostedService(sp => sp.GetRequiredService<LeadEraser>());
        services.AddHostedService<ImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<SegmentRefresher>());
        services.AddHostedService(sp => sp.GetRequiredService<LeadAliasWriter>());
        // Last: its hosted service builds the meter provider, which reads the spool and writers' status.
        services.AddNurtureMetrics();
    }

    /// <summary>A spool of its own beside the events' (one consumer: ClickHouse), feeding one table.</summary>
    private static void AddTableSpool(IServiceCollection services, string key, ISpoolTable table)
    {
        services.AddKeyedSingleton(key, (sp, _) =>
        {
            var events = sp.GetRequiredService<IOptions<SpoolOptions>>().Value;
            return new EventSpool(new SpoolOptions
            {
                Directory = Path.Combine(events.Directory, key), MaxBytes = events.MaxBytes, SegmentBytes = events.SegmentBytes,
                MaxSegmentAge = events.MaxSegmentAge, DedupeWindow = events.DedupeWindow, Consumers = [ClickHouseSpoolWriter.ConsumerName],
            }, sp.GetRequiredService<TimeProvider>());
        });
        services.AddKeyedSingleton(key, table);
        services.AddKeyedSingleton<ClickHouseWriterStatus>(key);
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
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapKeysApi();
        api.MapLeadsApi();
        api.MapImportsApi();
        api.MapDuplicatesApi();
        api.MapSegmentsApi();
        api.MapAnalysisApi();
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
