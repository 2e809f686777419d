using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// The hand-off host on a clock the test can move forward: real time plus a shift, so timers, the
/// outbox and ingest run as usual while "half an hour later" takes no half hour.
/// </summary>
public sealed class SlaApp : HandoffApp
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

/// <summary>The system clock moved forward by whatever <see cref="Advance"/> added; timers still run in real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long shiftTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref shiftTicks));
}
