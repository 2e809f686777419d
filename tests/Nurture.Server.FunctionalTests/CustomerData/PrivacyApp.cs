using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.CustomerData;

/// <summary>
/// The host with everything an erasure must reach: a workspace webhook for hot-lead alerts, every log
/// line kept for reading, and the spool's segments closed after two seconds, so the erasure's time bound
/// passes within the test.
/// </summary>
public class PrivacyApp : NurtureApp, IAsyncLifetime
{
    public WebhookReceiver Workspace { get; } = new();

    public LogCapture Log { get; } = new();

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        settings["Nurture:Handoff:WebhookUrl"] = Workspace.Url + "workspace";
        // The receiver is on this machine: the outbound guard refuses loopback unless allowed.
        settings["Nurture:Outbound:AllowedNetworks:0"] = "127.0.0.1/32";
        settings["Nurture:Handoff:PollInterval"] = "00:00:00.2";
        settings["Nurture:Spool:MaxSegmentAge"] = "00:00:02";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Log));
    }

    // IAsyncLifetime is implemented again above so that xUnit calls this one, which also stops the receiver.
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Workspace.Dispose();
    }
}
