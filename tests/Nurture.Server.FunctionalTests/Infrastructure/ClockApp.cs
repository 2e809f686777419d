using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Server.FunctionalTests.Handoff;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The host on a clock the tests move forward (<see cref="ShiftedClock"/>): the hand-off SLA tested without
/// waiting for it. Classes join with <c>[Collection(MovedClock.Name)]</c>;
/// they run one after another and the clock never goes back, so each measures from
/// <c>Clock.GetUtcNow()</c> when it starts rather than from the wall clock.
/// </summary>
public sealed class ClockApp : HandoffApp
{
    public ShiftedClock Clock { get; } = new();

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        base.Adjust(settings);
        settings["Nurture:Handoff:AcceptWithin"] = "00:10:00";
        settings["Nurture:Handoff:ReassignAfter"] = "00:20:00";
        settings["Nurture:Handoff:SlaPollInterval"] = "00:00:00.5";
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
