using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nurture.Server.Hosting;

namespace Nurture.Server.Apis;

/// <summary>Guards /api: a configured key as "Authorization: Bearer KEY", compared in constant time.</summary>
public sealed class ApiKeyFilter(IOptions<NurtureOptions> options) : IEndpointFilter
{
    private readonly byte[][] keys = options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
            var match = false;
            foreach (var key in keys) match |= CryptographicOperations.FixedTimeEquals(key, presented);
            if (match) return next(context);
        }
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(TypedResults.Json(
            new ErrorBody("A valid API key is required.", [new FieldError("Authorization", "missing or unknown Bearer API key")]),
            statusCode: StatusCodes.Status401Unauthorized));
    }
}
