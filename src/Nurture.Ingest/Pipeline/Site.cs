namespace Nurture.Ingest.Pipeline;

/// <summary>A website that sends events. Its key is public (it sits in the page); its origins gate CORS.</summary>
public sealed record Site(Guid Id, string Key, string Name, IReadOnlyList<string> AllowedOrigins, DateTimeOffset CreatedAt)
{
    /// <summary>An empty origin list admits every origin: convenient first, tightened by the site owner.</summary>
    public bool AllowsOrigin(string? origin) =>
        origin is null || AllowedOrigins.Count == 0 ||
        AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}
