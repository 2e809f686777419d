using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Spool;
using Nurture.Leads;

namespace Nurture.Server.Leads;

/// <summary>
/// Keeps each saved lead's list row durably for ClickHouse, in a spool of its own. The identity is the
/// row's content, so a lead saved again unchanged (a replay) adds nothing.
/// </summary>
public sealed class LeadProfileSpooler([FromKeyedServices(LeadProfileSpooler.SpoolKey)] EventSpool spool) : ILeadProfileSink
{
    public const string SpoolKey = "profiles";

    public async ValueTask PublishAsync(LeadProfile profile, CancellationToken cancellationToken)
    {
        var identityPayload = JsonSerializer.SerializeToUtf8Bytes(profile with { Version = 0 }, LeadProfileJson.Default.LeadProfile);
        var identity = DedupeKeys.Of(identityPayload);
        var payload = JsonSerializer.SerializeToUtf8Bytes(profile, LeadProfileJson.Default.LeadProfile);
        await spool.AppendAsync([new SpoolEntry(identity, payload)], cancellationToken);
    }
}
