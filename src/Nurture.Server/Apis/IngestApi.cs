using Microsoft.Net.Http.Headers;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Spool;
using Nurture.Ingest.Wire;

namespace Nurture.Server.Apis;

/// <summary>The tracking endpoints websites call: the GIF pixel and the JSON batch.</summary>
public static class IngestApi
{
    /// <summary>A 1×1 transparent GIF, 43 bytes.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    public sealed record CollectResponse(int Accepted, IReadOnlyList<Rejection> Rejected);

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t.gif", TrackPixelAsync).ExcludeFromDescription();
        app.MapPost("/collect", CollectAsync)
            .Produces<CollectResponse>(StatusCodes.Status202Accepted)
            .Produces<CollectResponse>(StatusCodes.Status400BadRequest);
        app.MapMethods("/collect", [HttpMethods.Options], PreflightAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Always the GIF, whatever happens: an image tag has no use for an error.</summary>
    private static async Task TrackPixelAsync(HttpContext http, IngestPipeline pipeline, IngestMetrics metrics, TimeProvider time)
    {
        try
        {
            var (incoming, rejection) = PixelQueryParser.Parse(http.Request.QueryString.Value);
            if (incoming is null)
            {
                metrics.CountPixelDropped(IngestMetrics.ReasonLabel(rejection!.Field));
            }
            else
            {
                var result = await pipeline.IngestAsync([incoming], [], Context(http, pipeline, time, withOrigin: false), http.RequestAborted);
                if (result.Status != IngestStatus.Accepted)
                    metrics.CountPixelDropped(result.Status == IngestStatus.UnknownSite ? "unknown_site" : IngestMetrics.ReasonLabel(result.Rejected[0].Field));
            }
        }
        catch (SpoolFullException)
        {
            metrics.CountPixelDropped("spool_full");
        }
        catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
        {
            metrics.CountPixelDropped("error");
        }
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        headers.Pragma = "no-cache";
        headers.Expires = "0";
        http.Response.ContentType = "image/gif";
        http.Response.ContentLength = Pixel.Length;
        await http.Response.Body.WriteAsync(Pixel, CancellationToken.None);
    }

    private static async Task<IResult> CollectAsync(HttpContext http, IngestPipeline pipeline, ISiteDirectory sites, TimeProvider time)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            http.Response.Headers.AccessControlAllowOrigin = origin;
            http.Response.Headers.Vary = HeaderNames.Origin;
            // The tracker honours Retry-After on 503; cross-origin it can only read exposed headers.
            http.Response.Headers.AccessControlExposeHeaders = "Retry-After";
        }
        var mediaType = http.Request.ContentType is { } ct ? ct.Split(';')[0].Trim() : "";
        if (mediaType.Length > 0 && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                                 && !mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Json(Refused("Content-Type", "must be application/json or text/plain"), statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var body = await ReadLimitedAsync(http.Request, WireLimits.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Json(Refused("", $"the body is larger than {WireLimits.MaxBodyBytes} bytes"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var batch = CollectBatchParser.Parse(body);
        if (batch.Error is not null) return TypedResults.BadRequest(new CollectResponse(0, batch.Rejected));
        try
        {
            var result = await pipeline.IngestAsync(batch.Events, batch.Rejected, Context(http, pipeline, time, withOrigin: true), http.RequestAborted);
            return result.Status switch
            {
                IngestStatus.UnknownSite => TypedResults.NotFound(),
                IngestStatus.NoneAccepted => TypedResults.BadRequest(new CollectResponse(0, result.Rejected)),
                _ => TypedResults.Json(new CollectResponse(result.Accepted, result.Rejected), statusCode: StatusCodes.Status202Accepted),
            };
        }
        catch (SpoolFullException)
        {
            return ApiErrors.Unavailable("Event intake", retryAfterSeconds: 5);
        }
    }

    /// <summary>Preflights carry no site key, so an origin passes when some site allows it.</summary>
    private static async Task PreflightAsync(HttpContext http, ISiteDirectory sites)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && await sites.IsOriginKnownAsync(origin, http.RequestAborted))
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowMethods = "POST, OPTIONS";
            headers.AccessControlAllowHeaders = "Content-Type";
            headers.AccessControlMaxAge = "86400";
            headers.Vary = HeaderNames.Origin;
        }
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static CollectResponse Refused(string field, string reason) => new(0, [new Rejection(-1, field, reason)]);

    private static ClientContext Context(HttpContext http, IngestPipeline pipeline, TimeProvider time, bool withOrigin)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var origin = withOrigin ? http.Request.Headers.Origin.ToString() : "";
        return new ClientContext(
            userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, 1024)],
            ClientIp.ForStorage(http.Connection.RemoteIpAddress, pipeline.StoreRawClientIp),
            origin.Length == 0 ? null : origin,
            time.GetUtcNow());
    }

    /// <summary>The body, or null when it is over the limit (checked while reading, not trusted from headers).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return null;
        }
        return buffer.ToArray();
    }
}
