using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nurture.Benchmarks.Baseline;

/// <summary>
/// The ceiling of this machine for the pixel: Kestrel and a minimal-API route answering the same
/// 43-byte GIF with the same no-cache headers as /t.gif, and nothing else (no parsing, no spool).
/// </summary>
public static class KestrelBaseline
{
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    public static async Task<int> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--port");
        if (at < 0 || at + 1 >= args.Length || !int.TryParse(args[at + 1], out var port))
        {
            Console.Error.WriteLine("usage: baseline-kestrel --port N");
            return 2;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/t.gif", async (HttpContext http) =>
        {
            var headers = http.Response.Headers;
            headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
            headers.Pragma = "no-cache";
            headers.Expires = "0";
            http.Response.ContentType = "image/gif";
            http.Response.ContentLength = Pixel.Length;
            await http.Response.Body.WriteAsync(Pixel, CancellationToken.None);
        });
        await app.RunAsync();
        return 0;
    }
}
