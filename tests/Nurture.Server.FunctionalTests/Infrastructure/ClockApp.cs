using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Server.FunctionalTests.Handoff;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The host on a clock the tests move forward (<see cref="ShiftedClock"/>): the hand-off SLA, key expiry and
/// the link-scanner window, tested without waiting for them. Classes join with <c>[Collection(MovedClock.Name)]</c>;
/// they run one after another and the clock never goes back, so each measures from
/// <c>Clock.GetUtcNow()</c> when it starts rather than from the wall clock.
/// </summary>
public sealed class ClockApp : HandoffApp
{
    /// <summary>Longer than the default 2 s, so a click right after the send is a scanner's however slow the machine.</summary>
    public static readonly TimeSpan ScannerClickWindow = TimeSpan.FromMinutes(10);

    public ShiftedClock Clock { get; } = new();

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        base.Adjust(settings);
        settings["Nurture:Handoff:AcceptWithin"] = "00:10:00";
        settings["Nurture:Handoff:ReassignAfter"] = "00:20:00";
        settings["Nurture:Handoff:SlaPollInterval"] = "00:00:00.5";
        settings["Nurture:Email:ScannerClickWindow"] = ScannerClickWindow.ToString("c");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

[CollectionDefinition(Name)]
public sealed class MovedClock : ICollectionFixture<ClockApp>
{
    public const string Name = "moved clock";
}
