using System.Globalization;
using System.Text.RegularExpressions;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Api;

/// <summary>/metrics through the exporter: the series the hand-written page had, by name, type and label, and only this host's counts.</summary>
[Collection(SharedHost.Name)]
public sealed class MetricsTests(NurtureApp app)
{
    /// <summary>Every series of the page before the exporter (nurture_rate_limited_total appears once a limit refuses: RateLimitTests).</summary>
    public static TheoryData<string, string> Series => new()
    {
        { "nurture_events_accepted_total", "counter" },
        { "nurture_events_duplicate_total", "counter" },
        { "nurture_events_rejected_total", "counter" },
        { "nurture_traits_refused_total", "counter" },
        { "nurture_pixel_dropped_total", "counter" },
        { "nurture_spool_bytes", "gauge" },
        { "nurture_spool_unconsumed_bytes", "gauge" },
        { "nurture_spool_max_bytes", "gauge" },
        { "nurture_spool_consumer_lag_events", "gauge" },
        { "nurture_clickhouse_lag_seconds", "gauge" },
        { "nurture_clickhouse_rows_written_total", "counter" },
        { "nurture_clickhouse_failures_total", "counter" },
        { "process_cpu_seconds_total", "counter" },
        { "process_resident_memory_bytes", "gauge" },
        { "dotnet_gc_heap_bytes", "gauge" },
        { "dotnet_gc_allocated_bytes_total", "counter" },
        { "dotnet_gc_pause_seconds_total", "counter" },
        { "dotnet_gc_collections_total", "counter" },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public async Task Metrics_ShowTheSeries_WithItsNameAndType(string name, string type)
    {
        await CountSomethingOfEachKindAsync();
        var text = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains($"# TYPE {name} {type}\n", text);
        Assert.Matches(new Regex($@"^{name}(\{{[^}}]*\}})? [0-9.eE+-]+$", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Metrics_LabelledSeries_KeepTheirLabels()
    {
        await CountSomethingOfEachKindAsync();
        var text = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Matches(@"\nnurture_events_rejected_total\{reason=""type""\} [1-9]", text);
        Assert.Matches(@"\nnurture_pixel_dropped_total\{reason=""visitorId""\} [1-9]", text);
        Assert.Matches(@"\nnurture_spool_consumer_lag_events\{consumer=""clickhouse""\} \d", text);
        Assert.Matches(@"\ndotnet_gc_collections_total\{generation=""0""\} [1-9]", text);
    }

    [Fact]
    public async Task Metrics_OfTwoHostsInOneProcess_CountEachHostsOwnEvents()
    {
        var before = await AcceptedAsync(app);
        var other = new NurtureApp();
        try
        {
            await other.InitializeAsync();
            await other.SendAsBrowserAsync(other.Event("other-1"), other.Event("other-2"), other.Event("other-3"));

            Assert.Equal(3, await AcceptedAsync(other));
            Assert.Equal(before, await AcceptedAsync(app));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    /// <summary>An accepted event, a rejected one (type) and a dropped pixel (no visitorId).</summary>
    private async Task CountSomethingOfEachKindAsync()
    {
        await app.SendAsBrowserAsync(app.Event("metrics-" + Guid.NewGuid().ToString("N")[..8]));
        await app.CollectAsync(new[] { app.Event("metrics-bad", type: "no_such_type") });
        using var pixel = await app.CreateClient().GetAsync($"/t.gif?siteKey={app.SiteKey}&eventId=e1&type=page_view&url=https%3A%2F%2Fshop.example.com%2F");
    }

    private static async Task<double> AcceptedAsync(NurtureApp host)
    {
        var text = await host.CreateClient().GetStringAsync("/metrics");
        var match = Regex.Match(text, @"^nurture_events_accepted_total(\{\})? (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }
}
