using System.Text;
using Microsoft.AspNetCore.Http;
using Nurture.Http;

namespace Nurture.Handoff.Tests.Sales;

/// <summary>A request body as the endpoints read it, for the pure parsers.</summary>
internal static class BodyOf
{
    public static async Task<JsonBody> JsonAsync(string json)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var (body, _) = await JsonBody.ReadAsync(http.Request, CancellationToken.None);
        return body ?? throw new InvalidOperationException("not a JSON object");
    }

    public static string? ErrorAt(JsonBody body, string name) => body.Errors.FirstOrDefault(e => e.Field == JsonBody.PathOf(name))?.Reason;
}
