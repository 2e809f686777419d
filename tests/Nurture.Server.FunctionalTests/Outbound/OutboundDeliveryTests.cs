using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Reps;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>
/// What happens when a call is made: the connect-time guard, redirects, and what the alert listing says
/// about a failure. Real receivers on loopback; the host allows 127.0.0.2 and hooks.allowed.test only.
/// </summary>
[Collection(OutboundHost.Name)]
public sealed class OutboundDeliveryTests(OutboundApp app)
{
    private const string LocalhostRefused = "refused: localhost resolves only to internal addresses (127.0.0.1 is a loopback address)";

    [Fact]
    public async Task WorkspaceWebhook_FromConfiguration_ResolvingToLoopbackAtDelivery_IsRefused_AndTheReceiverSeesNothing()
    {
        await app.DeactivateRepsAsync();
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "workspace-rebind", DateTimeOffset.UtcNow);

        var alert = await app.SettledAsync(alertId, HandoffWorker.WorkspaceTarget);
        var delivery = OutboundApp.Delivery(alert, HandoffWorker.WorkspaceTarget)!.Value;
        Assert.Equal("dead", delivery.GetProperty("status").GetString());
        Assert.Equal(LocalhostRefused, delivery.GetProperty("lastError").GetString());
        Assert.DoesNotContain(app.Workspace.Received, r => r.Body.Contains(alertId.ToString()));
    }

    [Fact]
    public async Task RepWebhook_SavedWhileItsNamePointedOutside_ThenRebindingToLoopback_IsRefusedAtConnect()
    {
        using var receiver = new WebhookReceiver();
        app.Resolver.Answer("localhost", OutboundApp.PublicAddress);
        try
        {
            await app.OnlyRepAsync(new { id = "rebind", name = "Rob", email = "rob@sales.example", capacity = 5, channels = new[] { "webhook" },
                webhookUrl = $"http://localhost:{receiver.Port}/rep" });
        }
        finally
        {
            app.Resolver.Answer("localhost", "127.0.0.1");
        }
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "rep-rebind", DateTimeOffset.UtcNow);

        var delivery = OutboundApp.Delivery(await app.SettledAsync(alertId, "rep-webhook:rebind"), "rep-webhook:rebind")!.Value;
        Assert.Equal("dead", delivery.GetProperty("status").GetString());
        Assert.Equal(LocalhostRefused, delivery.GetProperty("lastError").GetString());
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task RepWebhook_StoredBeforeTheSaveCheck_ToALoopbackAddress_IsRefusedAtConnect()
    {
        using var receiver = new WebhookReceiver();
        await app.DeactivateRepsAsync();
        // As an earlier version, which did not check where URLs point, saved it.
        await app.Services.GetRequiredService<RepStore>().SaveAsync(
            new Rep("old", "Old Rep", "old@sales.example", true, 5, [], [], receiver.Url + "old", null, Channels: ["webhook"]), mustExist: false, CancellationToken.None);
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "stored", DateTimeOffset.UtcNow);

        var delivery = OutboundApp.Delivery(await app.SettledAsync(alertId, "rep-webhook:old"), "rep-webhook:old")!.Value;
        Assert.Equal("dead", delivery.GetProperty("status").GetString());
        Assert.Equal("refused: 127.0.0.1 is a loopback address", delivery.GetProperty("lastError").GetString());
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task AllowedNetworkAndAllowedHost_AreCalled()
    {
        using var network = new WebhookReceiver(OutboundApp.AllowedAddress);
        // On 127.0.0.1, where the allowed name resolves; written by hand, as HttpListener would refuse the name in the Host header.
        using var named = new RawServer("127.0.0.1", RawServer.Ok);
        await app.OnlyRepAsync(new { id = "allowed", name = "Al", email = "al@sales.example", capacity = 5, channels = new[] { "webhook", "slack" },
            webhookUrl = network.Url + "net", slackWebhookUrl = $"http://{OutboundApp.AllowedHost}:{named.Port}/host" });
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "allowed", DateTimeOffset.UtcNow);

        Assert.Single(await network.WaitForAsync(r => r.Body.Contains(alertId.ToString())));
        Assert.Single(await named.WaitForAsync(r => r.StartsWith("POST /host ") && r.Contains($"Host: {OutboundApp.AllowedHost}:{named.Port}")));
        var alert = await app.SettledAsync(alertId, "rep-slack:allowed");
        Assert.Equal("delivered", OutboundApp.Delivery(alert, "rep-slack:allowed")!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Redirect_IsNotFollowed_AndTheAlertSaysSo()
    {
        using var elsewhere = new WebhookReceiver(OutboundApp.AllowedAddress);
        using var redirecting = new WebhookReceiver(OutboundApp.AllowedAddress) { Status = 302, Location = elsewhere.Url + "moved" };
        await app.OnlyRepAsync(new { id = "redir", name = "Rae", email = "rae@sales.example", capacity = 5, channels = new[] { "webhook" },
            webhookUrl = redirecting.Url + "hook" });
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "redirect", DateTimeOffset.UtcNow);

        var delivery = OutboundApp.Delivery(await app.SettledAsync(alertId, "rep-webhook:redir"), "rep-webhook:redir")!.Value;
        Assert.Equal("HTTP 302 (redirects are not followed)", delivery.GetProperty("lastError").GetString());
        Assert.NotEmpty(redirecting.Received);
        Assert.Empty(elsewhere.Received);
    }

    [Fact]
    public async Task RepWebhook_ToANameThatDidNotResolve_IsAcceptedWhenSaved_AndSaysSoWhenCalled()
    {
        await app.OnlyRepAsync(new { id = "nowhere", name = "Nia", email = "nia@sales.example", capacity = 5, channels = new[] { "webhook" },
            webhookUrl = "http://hooks.nowhere.invalid/hook" });
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "nowhere", DateTimeOffset.UtcNow);

        var delivery = OutboundApp.Delivery(await app.SettledAsync(alertId, "rep-webhook:nowhere"), "rep-webhook:nowhere")!.Value;
        Assert.Equal("the host name did not resolve", delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task DeliveryErrors_InTheAlertListing_AreAStatusOrAFixedPhrase_NeverWhatTheReceiverSaid()
    {
        using var ssh = new RawServer(OutboundApp.AllowedAddress, "SSH-2.0-OpenSSH_9.2 secret-banner-7f3a\r\n");
        using var failing = new WebhookReceiver(OutboundApp.AllowedAddress) { Status = 500, AnswerBody = "secret-body-7f3a: db password is hunter2" };
        await app.OnlyRepAsync(new { id = "talk", name = "Tal", email = "tal@sales.example", capacity = 5, channels = new[] { "webhook", "slack" },
            webhookUrl = ssh.Url + "hook", slackWebhookUrl = failing.Url + "slack" });
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "chatty", DateTimeOffset.UtcNow);

        await app.SettledAsync(alertId, "rep-webhook:talk");
        var alert = await app.SettledAsync(alertId, "rep-slack:talk");
        Assert.NotEmpty(ssh.Requests);
        Assert.NotEmpty(failing.Received);
        Assert.Equal("the answer was not valid HTTP", OutboundApp.Delivery(alert, "rep-webhook:talk")!.Value.GetProperty("lastError").GetString());
        Assert.Equal("HTTP 500", OutboundApp.Delivery(alert, "rep-slack:talk")!.Value.GetProperty("lastError").GetString());
        var listing = JsonSerializer.Serialize(alert);
        Assert.DoesNotContain("secret-", listing);
        Assert.DoesNotContain("SSH", listing);
    }
}
