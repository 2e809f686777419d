namespace Nurture.Handoff.Reps;

/// <summary>
/// A webhook's URL is its secret (Slack's is a token in the path; others carry keys in the path or query).
/// Those who may not change where alerts go see only where they go: the scheme and host.
/// </summary>
public static class WebhookUrlMask
{
    public static string? Mask(string? url) =>
        url is null ? null
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…"
        : "…";

    /// <summary>The rep as a reader who may not change it sees it.</summary>
    public static Rep Masked(Rep rep) => rep with { WebhookUrl = Mask(rep.WebhookUrl), SlackWebhookUrl = Mask(rep.SlackWebhookUrl) };
}
