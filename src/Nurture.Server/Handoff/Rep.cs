namespace Nurture.Server.Handoff;

/// <summary>A sales rep: where alerts go, how many open hot leads they can hold, and their territory.</summary>
public sealed record Rep(
    string Id, string Name, string Email, bool Active, int Capacity,
    IReadOnlyList<string> Countries, IReadOnlyList<string> Industries,
    string? WebhookUrl, string? SlackWebhookUrl);
