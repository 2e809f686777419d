using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// The console at /console/: static HTML, CSS and ES modules from Console/, embedded into the
/// server at build time so a deployment needs nothing else. It calls the same /api with a session
/// key, so it can show nothing the caller's role may not read.
/// </summary>
public static class ConsoleApi
{
    private const string ResourcePrefix = "console/";

    // Only our own scripts, never inline ones, and never framed: injected markup could not run anything.
    // Inline styles and remote images are allowed for one reason: a template's preview (a sandboxed
    // srcdoc frame, which inherits this policy) shows the email as mail apps would, styles and images.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; connect-src 'self'; " +
        "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly Lazy<FrozenDictionary<string, ConsoleFile>> Files = new(Load);

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect("/console/")).ExcludeFromDescription();
        // "/console" and "/console/" reach the same route: only the first needs the redirect (relative module paths).
        app.MapGet("/console", (HttpContext http) =>
            http.Request.Path.Value!.EndsWith('/') ? Serve(http, "index.html") : TypedResults.Redirect("/console/")).ExcludeFromDescription();
        app.MapGet("/console/{**path}", (HttpContext http, string? path) => Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string path)
    {
        if (!Files.Value.TryGetValue(path, out var file)) return ApiErrors.NotFound("The console file");
        var headers = http.Response.Headers;
        // Revalidated on every load (a 304 thanks to the ETag): an upgraded server is seen at once.
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(t => t.Compare(file.ETag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(file.Content, file.ContentType);
    }

    /// <summary>Every embedded console file by its path under Console/ ("js/api.js").</summary>
    private static FrozenDictionary<string, ConsoleFile> Load()
    {
        var assembly = typeof(ConsoleApi).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, ConsoleFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            if (!types.TryGetContentType(path, out var type)) type = "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal)) type += "; charset=utf-8";
            var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))[..16];
            files[path] = new ConsoleFile(buffer.ToArray(), type, new EntityTagHeaderValue($"\"{hash}\""));
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record ConsoleFile(byte[] Content, string ContentType, EntityTagHeaderValue ETag);
}
