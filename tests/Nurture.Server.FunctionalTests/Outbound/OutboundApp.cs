using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Outbound;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>
/// The hand-off host where outbound calls may reach only 127.0.0.2 among internal addresses, and the name
/// hooks.allowed.test; receivers on 127.0.0.1 are as internal here as any. Names resolve through a
/// <see cref="ScriptedResolver"/>. The workspace webhook is http://localhost:port/ : localhost answered a
/// public address while the host started (so the start-up check let it pass), and 127.0.0.1 from then on.
/// </summary>
public sealed class OutboundApp : HandoffApp, IAsyncLifetime
{
    public const string AllowedAddress = "127.0.0.2";
    public const string AllowedHost = "hooks.allowed.test";
    public const string PublicAddress = "93.184.215.14";

    public ScriptedResolver Resolver { get; } = new();

    public OutboundApp()
    {
        Resolver.Answer("localhost", PublicAddress);
        Resolver.Answer(AllowedHost, "127.0.0.1");
        Resolver.Answer("public.test", PublicAddress);
        Resolver.Answer("intranet.test", "10.1.2.3");
        Resolver.Answer("split.test", PublicAddress, "192.168.0.7");
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Resolver.Answer("localhost", "127.0.0.1");
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        base.Adjust(settings);
        settings["Nurture:Handoff:WebhookUrl"] = $"http://localhost:{Workspace.Port}/workspace";
        // In place of the hand-off tests' 127.0.0.1/32.
        settings["Nurture:Outbound:AllowedNetworks:0"] = AllowedAddress + "/32";
        settings["Nurture:Outbound:AllowedHosts:0"] = AllowedHost;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IHostResolver>(Resolver));
    }

    /// <summary>Every rep so far stops taking leads, so the next alert goes to the one made next (round-robin has no one else).</summary>
    public async Task DeactivateRepsAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE nurture_reps SET active = false", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Makes this rep (through the API) the only active one.</summary>
    public async Task OnlyRepAsync(object rep)
    {
        await DeactivateRepsAsync();
        using var response = await Api().PostAsJsonAsync("/api/reps", rep);
        Assert.True(201 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The alert as GET /api/alerts lists it, once the delivery to <paramref name="target"/> is dead or delivered.</summary>
    public async Task<JsonElement> SettledAsync(Guid alertId, string target)
    {
        var api = Api();
        return await ClickHouseProbe.EventuallyAsync(async () =>
            (await api.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("alerts").EnumerateArray().SingleOrDefault(a => a.GetProperty("id").GetGuid() == alertId),
            a => a.ValueKind == JsonValueKind.Object && Delivery(a, target) is { } d && d.GetProperty("status").GetString() is "dead" or "delivered");
    }

    public static JsonElement? Delivery(JsonElement alert, string target) =>
        alert.GetProperty("deliveries").EnumerateArray().Where(d => d.GetProperty("target").GetString() == target).Cast<JsonElement?>().SingleOrDefault();
}

/// <summary>The outbound classes share one host: each test makes its rep the only active one (<see cref="OutboundApp.OnlyRepAsync"/>).</summary>
[CollectionDefinition(Name)]
public sealed class OutboundHost : ICollectionFixture<OutboundApp>
{
    public const string Name = "outbound host";
}
