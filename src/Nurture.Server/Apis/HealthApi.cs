using Npgsql;
using Nurture.EventStore;
using Nurture.Ingest.Spool;

namespace Nurture.Server.Apis;

/// <summary>
/// /healthz: the process answers. /readyz: it can take traffic — PostgreSQL reachable and the spool
/// not full. ClickHouse being down does not make it unready (ingest keeps accepting into the spool);
/// it is reported as "degraded" with the writer's lag.
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
        NpgsqlDataSource postgres, ClickHouseStore clickHouse, ClickHouseWriterStatus writer, EventSpool spool, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        var postgresOk = await PingPostgresAsync(postgres, timeout.Token);
        var clickHouseOk = await clickHouse.PingAsync(timeout.Token);
        var stats = spool.GetStats();
        var spoolFull = stats.UnconsumedBytes >= stats.MaxBytes;
        var ready = postgresOk && !spoolFull;
        var body = new
        {
            status = !ready ? "unready" : clickHouseOk && writer.SchemaReady ? "ready" : "degraded",
            postgres = postgresOk ? "ok" : "unreachable",
            clickHouse = clickHouseOk ? "ok" : "unreachable",
            clickHouseWriter = new { writer.SchemaReady, lagMs = (long)writer.Lag.TotalMilliseconds, writer.LastError },
            spool = new { stats.CommittedSeq, stats.UnconsumedBytes, stats.MaxBytes, lag = stats.ConsumerLag },
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
