using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>Out-of-office days and working hours in routing: a host of its own, so the reps here are the only ones.</summary>
public sealed class RoutingScheduleTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    [Fact]
    public async Task OutOfOffice_RepGetsNoNewLeads_AndTheTesterSaysSo_AndWorkingHoursNarrowTheChoice()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var region = "Tohoku-" + tag;
        await CreateRepAsync(new
        {
            id = $"away-{tag}", name = "Aiko Away", email = $"aiko-{tag}@sales.example", capacity = 5, regions = new[] { region },
            timeZone = "UTC", awayFrom = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), awayUntil = today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        // One rep whose only working day is three days off (so still off across a midnight during the test), one who works every hour.
        var offDay = WorkingDayName(today.AddDays(3).DayOfWeek);
        await CreateRepAsync(new
        {
            id = $"later-{tag}", name = "Lou Later", email = $"lou-{tag}@sales.example", capacity = 5, regions = new[] { region },
            timeZone = "UTC", workingHours = new[] { new { day = offDay, start = "09:00", end = "17:00" } },
        });
        await CreateRepAsync(new
        {
            id = $"always-{tag}", name = "Al Always", email = $"al-{tag}@sales.example", capacity = 5, regions = new[] { region },
            timeZone = "Asia/Tokyo", workingHours = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }.Select(d => new { day = d, start = "00:00", end = "24:00" }),
        });
        var lead = await CreateLeadAsync(new { region });

        var test = await TestAsync(lead);
        Assert.Equal(($"always-{tag}", "territory", "territory"), Chosen(test));
        var hours = test.GetProperty("steps")[2];
        Assert.Equal("narrowed", hours.GetProperty("outcome").GetString());
        Assert.Contains("Lou Later (from ", hours.GetProperty("detail").GetString());
        var aiko = test.GetProperty("reps").EnumerateArray().Single(r => r.GetProperty("repId").GetString() == $"away-{tag}");
        Assert.False(aiko.GetProperty("available").GetBoolean());
        Assert.True(aiko.GetProperty("outOfOffice").GetBoolean());
        Assert.Equal($"Out of office until {today.AddDays(3):yyyy-MM-dd}.", aiko.GetProperty("status").GetString());

        // The reps as routing sees them now, for the console's list.
        var standing = await app.Api().GetFromJsonAsync<JsonElement>("/api/routing/reps");
        var lou = standing.GetProperty("reps").EnumerateArray().Single(r => r.GetProperty("repId").GetString() == $"later-{tag}");
        Assert.True(lou.GetProperty("available").GetBoolean());
        Assert.False(lou.GetProperty("atWork").GetBoolean());
        Assert.StartsWith(char.ToUpperInvariant(offDay[0]) + offDay[1..], lou.GetProperty("nextWorkStart").GetString());

        // Al is out of office from today too: nobody available works now, so the working-hours rule keeps Lou in.
        await PutRepAsync($"always-{tag}", new
        {
            name = "Al Always", email = $"al-{tag}@sales.example", capacity = 5, regions = new[] { region }, timeZone = "Asia/Tokyo",
            awayFrom = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), awayUntil = today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var kept = await TestAsync(lead);
        Assert.Equal(($"later-{tag}", "territory", "territory"), Chosen(kept));
        Assert.Equal("kept", kept.GetProperty("steps")[2].GetProperty("outcome").GetString());
        Assert.Equal(($"later-{tag}", "territory"), await AssignAsync(lead));
    }

    private static string WorkingDayName(DayOfWeek day) => day.ToString()[..3].ToLowerInvariant();

    private static (string? Rep, string Reason, string? DecidedBy) Chosen(JsonElement test) => RoutingTests.Chosen(test);

    private Task CreateRepAsync(object rep) => RoutingTests.CreateRepAsync(app, rep);

    private Task PutRepAsync(string id, object rep) => RoutingTests.PutRepAsync(app, id, rep);

    private Task<Guid> CreateLeadAsync(object traits) => RoutingTests.CreateLeadAsync(app, traits);

    private Task<JsonElement> TestAsync(Guid lead) => RoutingTests.TestAsync(app, lead);

    private Task<(string? Rep, string Reason)> AssignAsync(Guid lead) => RoutingTests.AssignAsync(app, lead);
}
