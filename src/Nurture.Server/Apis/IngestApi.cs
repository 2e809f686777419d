using Microsoft.Net.Http.Headers;
using Nurture.Ingest.Pipeline;
using Nurture.Spool;
using Nurture.Ingest.Wire;
using Nurture.Server.Hosting;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>The tracking endpoints websites call: the GIF pixel and the JSON batch.</summary>
public static class IngestApi
{
    /// <summary>A 1×1 transparent GIF, 43 bytes.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    public sealed record CollectResponse(int Accepted, IReadOnlyList<Rejection> Rejected);

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t.gif", TrackPixelAsync).ExcludeFromDescription().RequireRateLimiting(PublicRateLimits.Tracking);
        app.MapPost("/collect", CollectAsync)
            .Produces<CollectResponse>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(PublicRateLimits.Tracking);
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
                {
                    metrics.CountPixelDropped(result.Status switch
                    {
                        IngestStatus.UnknownSite => "unknown_site",
                        IngestStatus.Limited => "rate_limited",
                        _ => IngestMetrics.ReasonLabel(result.Rejected[0].Field),
                    });
                }
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
        await WritePixelAsync(http.Response);
    }

    /// <summary>The pixel's answer, never cached.</summary>
    public static async Task WritePixelAsync(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        headers.Pragma = "no-cache";
        headers.Expires = "0";
        response.ContentType = "image/gif";
        response.ContentLength = Pixel.Length;
        await response.Body.WriteAsync(Pixel, CancellationToken.None);
    }

    private static async Task<IResult> CollectAsync(HttpContext http, IngestPipeline pipeline, TimeProvider time)
    {
        // Before the events say which site they are for, an origin is allowed as for a preflight.
        async Task<IResult> Answer(IResult result, bool? originAllowed = null)
        {
            if (originAllowed is { } allowed) AllowOrigin(http, allowed);
            else await AllowOriginIfKnownAsync(http);
            return result;
        }

        var mediaType = http.Request.ContentType is { } ct ? ct.Split(';')[0].Trim() : "";
        if (mediaType.Length > 0 && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                                 && !mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return await Answer(ApiErrors.Problem(StatusCodes.Status415UnsupportedMediaType, [new FieldError("Content-Type", "must be application/json or text/plain")]));
        }
        var body = await ReadLimitedAsync(http.Request, WireLimits.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return await Answer(ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, [new FieldError("$", $"is larger than {WireLimits.MaxBodyBytes} bytes")]));
        }
        var batch = CollectBatchParser.Parse(body);
        if (batch.Error is not null) return await Answer(ApiErrors.BadRequest(Keyed(batch.Rejected), "The body is not a batch of events."));
        try
        {
            var result = await pipeline.IngestAsync(batch.Events, batch.Rejected, Context(http, pipeline, time, withOrigin: true), http.RequestAborted);
            return await Answer(result.Status switch
            {
                // No word on which key: a script probing for site keys learns nothing.
                IngestStatus.UnknownSite => ApiErrors.Problem(StatusCodes.Status404NotFound, []),
                IngestStatus.NoneAccepted => ApiErrors.BadRequest(Keyed(result.Rejected), "No event of the batch was accepted."),
                IngestStatus.Limited => ApiErrors.RetryAfter(StatusCodes.Status429TooManyRequests, result.RetryAfter, Keyed(result.Rejected),
                    "Too many events; retry after the time in Retry-After."),
                _ => TypedResults.Json(new CollectResponse(result.Accepted, result.Rejected), statusCode: StatusCodes.Status202Accepted),
            }, result.OriginAllowed);
        }
        catch (SpoolFullException)
        {
            return await Answer(ApiErrors.Unavailable("Event intake", retryAfterSeconds: 5));
        }
    }

    /// <summary>Preflights carry no site key, so an origin passes when some site allows it.</summary>
    private static async Task PreflightAsync(HttpContext http, ISiteDirectory sites)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && await IsOriginKnownAsync(sites, origin, http.RequestAborted))
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

    /// <summary>
    /// CORS for an answer given before any site was found (a broken body, a limit): the origin is allowed when
    /// some site allows it, as for a preflight.
    /// </summary>
    public static async Task AllowOriginIfKnownAsync(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0) AllowOrigin(http, await IsOriginKnownAsync(http.RequestServices.GetRequiredService<ISiteDirectory>(), origin, http.RequestAborted));
    }

    /// <summary>A refused origin gets no Access-Control-Allow-Origin: its page may not read the answer.</summary>
    private static void AllowOrigin(HttpContext http, bool allowed)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return;
        http.Response.Headers.Vary = HeaderNames.Origin;
        if (!allowed) return;
        http.Response.Headers.AccessControlAllowOrigin = origin;
        // The tracker honours Retry-After on 429 and 503; cross-origin it can only read exposed headers.
        http.Response.Headers.AccessControlExposeHeaders = "Retry-After";
    }

    /// <summary>PostgreSQL away means "not known", never a 500.</summary>
    private static async ValueTask<bool> IsOriginKnownAsync(ISiteDirectory sites, string origin, CancellationToken cancellationToken)
    {
        try
        {
            return await sites.IsOriginKnownAsync(origin, cancellationToken);
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>Rejections as problem errors, each under its path into the batch ($[3].visitorId).</summary>
    private static IEnumerable<FieldError> Keyed(IEnumerable<Rejection> rejected) => rejected.Select(r => new FieldError(r.Path, r.Reason));

    private static ClientContext Context(HttpContext http, IngestPipeline pipeline, TimeProvider time, bool withOrigin)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var origin = withOrigin ? http.Request.Headers.Origin.ToString() : "";
        return new ClientContext(
            userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, 1024)],
            ClientIp.ForStorage(http.Connection.RemoteIpAddress, pipeline.StoreRawClientIp),
            origin.Length == 0 ? null : origin,
            time.GetUtcNow()) { Address = http.Connection.RemoteIpAddress };
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
