namespace Nurture.Ingest.Pipeline;

/// <summary>A website that sends events. Its key is public (it sits in the page); its origins gate CORS.</summary>
public sealed record Site(Guid Id, string Key, string Name, IReadOnlyList<string> AllowedOrigins, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The traits its visitors may set through identify (forms, <c>nurture("identify")</c>). Empty: any
    /// trait that is not reserved (<see cref="Abstractions.Leads.ReservedTraits"/>); a list narrows it further.
    /// </summary>
    public IReadOnlyList<string> PublicTraits { get; init; } = [];

    /// <summary>An empty origin list admits every origin: convenient first, tightened by the site owner.</summary>
    public bool AllowsOrigin(string? origin) =>
        origin is null || AllowedOrigins.Count == 0 ||
        AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    /// <summary>True when a visitor of this site may set the trait (already a valid, non-reserved name).</summary>
    public bool AcceptsPublicTrait(string name) => PublicTraits.Count == 0 || PublicTraits.Contains(name, StringComparer.Ordinal);
}
