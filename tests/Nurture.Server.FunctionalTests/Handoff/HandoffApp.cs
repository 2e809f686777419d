using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Handoff.Alerts;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>The host with a workspace webhook pointing at a real local receiver, and retries fast enough to test.</summary>
/// <remarks>
/// Names <see cref="IAsyncLifetime"/> again so xunit's call reaches this class's <see cref="DisposeAsync"/>
/// (which hides NurtureApp's) and closes the receiver, not only NurtureApp's.
/// </remarks>
public class HandoffApp : NurtureApp, IAsyncLifetime
{
    public WebhookReceiver Workspace { get; } = new();

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        settings["Nurture:Handoff:WebhookUrl"] = Workspace.Url + "workspace";
        // The receivers listen on 127.0.0.1, which outbound calls may reach only when allowed.
        settings["Nurture:Outbound:AllowedNetworks:0"] = "127.0.0.1/32";
        settings["Nurture:Handoff:RetryBaseDelay"] = "00:00:00.1";
        settings["Nurture:Handoff:MaxAttempts"] = "4";
        settings["Nurture:Handoff:PollInterval"] = "00:00:00.2";
    }

    /// <summary>Hands a "lead entered hot" change to the alerter, as the dispatcher or a lead grain would.</summary>
    public async Task<Guid> EnterHotAsync(Guid leadId, string eventId, DateTimeOffset at)
    {
        var alerter = Services.GetServices<IScoreChangeObserver>().OfType<HotLeadAlerter>().Single();
        await alerter.OnChangesAsync([new ScoreChange
        {
            LeadId = leadId, Kind = ScoreChange.StageKind, EventId = eventId, Key = LeadStages.Hot,
            Stage = LeadStages.Hot, PreviousStage = LeadStages.Mql, At = at,
        }], CancellationToken.None);
        return HotLeadAlerter.AlertId(leadId, eventId);
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Workspace.Dispose();
    }
}

/// <summary>
/// One hand-off host for the classes that do not depend on which reps exist (most hand-off tests do: round-robin
/// picks among all of them, so those keep a host each).
/// </summary>
[CollectionDefinition(Name)]
public sealed class HandoffHost : ICollectionFixture<HandoffApp>
{
    public const string Name = "hand-off host";
}
