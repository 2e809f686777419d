using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Nurture.Server.Storage;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// The tracking script websites embed (tracker-js/dist/nurture.js, embedded at build time) and, when
/// the server runs from a checkout, the demo site in tracker-js/demo that `deploy/local.sh run` shows.
/// </summary>
public static class TrackerApi
{
    /// <summary>
    /// The snippet's URL carries no version, so a fix must reach sites without their help: fresh for a
    /// day, then served stale for a week while the browser revalidates; the ETag makes that a 304.
    /// </summary>
    private const string ScriptCacheControl = "public, max-age=86400, stale-while-revalidate=604800";

    private const string JavaScript = "text/javascript; charset=utf-8";

    private static readonly Lazy<TrackerScript?> Script = new(TrackerScript.Load);
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapTrackerApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/nurture.js", [HttpMethods.Get, HttpMethods.Head], ServeScript).ExcludeFromDescription();

        // Only from a checkout: content root src/Nurture.Server, demo in ../../tracker-js/demo.
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var demo = Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", "tracker-js", "demo"));
        if (Directory.Exists(demo))
        {
            var files = new PhysicalFileProvider(demo);
            // "/demo" and "/demo/" reach the same route: only the first needs the redirect (relative links).
            app.MapGet("/demo", (HttpRequest request) =>
                request.Path.Value!.EndsWith('/') ? DemoFile(files, "") : TypedResults.Redirect("/demo/")).ExcludeFromDescription();
            app.MapGet("/demo/config.js", DemoConfigAsync).ExcludeFromDescription();
            app.MapGet("/demo/{**path}", (string? path) => DemoFile(files, path)).ExcludeFromDescription();
        }
        return app;
    }

    private static IResult ServeScript(HttpContext http)
    {
        if (Script.Value is not { } script)
        {
            return ApiErrors.Problem(StatusCodes.Status404NotFound, [],
                "nurture.js was not built into this server: run `npm install && npm run build` in tracker-js/, then build the server again.");
        }
        var request = http.Request.GetTypedHeaders();
        // Pre-compressed once: the script is most of what a page view costs us in bandwidth.
        var gzip = request.AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);
        var etag = gzip ? script.GzipETag : script.ETag;
        var headers = http.Response.Headers;
        headers.ETag = etag.ToString();
        headers.CacheControl = ScriptCacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        if (request.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (gzip) headers.ContentEncoding = "gzip";
        return TypedResults.Bytes(gzip ? script.Gzipped : script.Plain, JavaScript);
    }

    /// <summary>The demo pages read their site key here: the "Local demo" site local.sh creates, else the first one.</summary>
    private static async Task<IResult> DemoConfigAsync(HttpContext http, PostgresSiteDirectory sites, CancellationToken cancellationToken)
    {
        var all = await sites.ListAsync(cancellationToken, cached: true);
        var site = all.FirstOrDefault(s => s.Name == "Local demo") ?? (all.Count > 0 ? all[0] : null);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text($"window.NURTURE_SITE_KEY = {JsonSerializer.Serialize(site?.Key)};\n", JavaScript);
    }

    /// <summary>A file of the demo folder; the provider refuses paths that leave it and hidden files.</summary>
    private static IResult DemoFile(PhysicalFileProvider files, string? path)
    {
        path ??= "";
        if (path.Length == 0 || path.EndsWith('/')) path += "index.html";
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null) return ApiErrors.NotFound("The demo page");
        if (!ContentTypes.TryGetContentType(file.Name, out var type)) type = "application/octet-stream";
        return TypedResults.PhysicalFile(file.PhysicalPath, type);
    }

    private sealed record TrackerScript(byte[] Plain, byte[] Gzipped, EntityTagHeaderValue ETag, EntityTagHeaderValue GzipETag)
    {
        /// <summary>The embedded build output, or null when the server was built without it.</summary>
        public static TrackerScript? Load()
        {
            using var stream = typeof(TrackerApi).Assembly.GetManifestResourceStream("nurture.js");
            if (stream is null) return null;
            using var plain = new MemoryStream();
            stream.CopyTo(plain);
            using var zipped = new MemoryStream();
            using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(plain.ToArray());
            // A content hash: a rebuilt script gets a new tag, the same script the same tag on every node.
            var hash = Convert.ToHexStringLower(SHA256.HashData(plain.ToArray()))[..16];
            return new(plain.ToArray(), zipped.ToArray(), new($"\"{hash}\""), new($"\"{hash}-gz\""));
        }
    }
}
