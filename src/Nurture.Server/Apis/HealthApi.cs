using Npgsql;
using Nurture.EventStore;
using Nurture.Spool;
using Nurture.Server.Leads;
using Nurture.Server.Scoring;

namespace Nurture.Server.Apis;

/// <summary>
/// /healthz: the process answers. /readyz: it can take traffic — PostgreSQL reachable and the spool
/// not full. ClickHouse being down does not make it unready (ingest keeps accepting into the spool);
/// it is reported as "degraded" with the writer's lag. It also says whether every spool of the node
/// (the events' and the score-change and lead-list spools fed from them) has been emptied: a node
/// taken out of the balancer may be stopped for good once it is drained.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health");
        app.MapGet("/readyz", ReadyAsync).WithTags("Health");
        return app;
    }

    private static async Task<IResult> ReadyAsync(
        NpgsqlDataSource postgres, ClickHouseStore clickHouse, ClickHouseWriterStatus writer, EventSpool spool,
        [FromKeyedServices(ScoreChangeSpooler.SpoolKey)] EventSpool scoreChanges,
        [FromKeyedServices(LeadProfileSpooler.SpoolKey)] EventSpool leadProfiles,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        var postgresOk = await PingPostgresAsync(postgres, timeout.Token);
        var clickHouseOk = await clickHouse.PingAsync(timeout.Token);
        var stats = spool.GetStats();
        var spoolFull = stats.UnconsumedBytes >= stats.MaxBytes;
        var ready = postgresOk && !spoolFull;
        var derived = new Dictionary<string, SpoolStats>
        {
            [ScoreChangeSpooler.SpoolKey] = scoreChanges.GetStats(),
            [LeadProfileSpooler.SpoolKey] = leadProfiles.GetStats(),
        };
        var drained = derived.Values.Append(stats).All(s => s.ConsumerLag.Values.All(lag => lag == 0));
        var body = new
        {
            status = !ready ? "unready" : clickHouseOk && writer.SchemaReady ? "ready" : "degraded",
            postgres = postgresOk ? "ok" : "unreachable",
            clickHouse = clickHouseOk ? "ok" : "unreachable",
            clickHouseWriter = new { writer.SchemaReady, lagMs = (long)writer.Lag.TotalMilliseconds, writer.LastError },
            spool = new { stats.CommittedSeq, stats.UnconsumedBytes, stats.MaxBytes, lag = stats.ConsumerLag },
            derivedSpools = derived.ToDictionary(d => d.Key, d => new { d.Value.CommittedSeq, d.Value.UnconsumedBytes, lag = d.Value.ConsumerLag }),
            drained,
        };
        return TypedResults.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> PingPostgresAsync(NpgsqlDataSource postgres, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = postgres.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
