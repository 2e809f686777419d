namespace Nurture.Handoff.Reps;

/// <summary>
/// A sales rep: where alerts go, how many open hot leads they can hold, and their territory (countries,
/// industries, regions, company sizes: a lead must match every list the rep has). <see cref="Channels"/>
/// limits alerts to some of email, webhook and slack; empty means every one the rep has set up.
/// <see cref="WorkingHours"/> (in <see cref="TimeZone"/>, UTC when unset; none: any time) and the
/// out-of-office days from <see cref="AwayFrom"/> to <see cref="AwayUntil"/> (both included) are read by
/// the routing rules, see <see cref="RepSchedule"/>.
/// </summary>
public sealed record Rep(
    string Id, string Name, string Email, bool Active, int Capacity,
    IReadOnlyList<string> Countries, IReadOnlyList<string> Industries,
    string? WebhookUrl, string? SlackWebhookUrl,
    IReadOnlyList<string>? Regions = null, IReadOnlyList<string>? CompanySizes = null, IReadOnlyList<string>? Channels = null,
    string? TimeZone = null, IReadOnlyList<WorkingDay>? WorkingHours = null, DateOnly? AwayFrom = null, DateOnly? AwayUntil = null)
{
    public static readonly string[] AlertChannels = ["email", "webhook", "slack"];

    public bool Wants(string channel) => Channels is not { Count: > 0 } || Channels.Contains(channel);
}
