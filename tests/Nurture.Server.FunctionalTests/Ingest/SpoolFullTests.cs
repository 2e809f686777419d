using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Ingest;

/// <summary>A 1 MiB spool whose ClickHouse never answers, so it fills up.</summary>
public sealed class TinySpoolApp : NurtureApp
{
    protected override void Adjust(Dictionary<string, string?> settings)
    {
        settings["Nurture:Spool:MaxBytes"] = (1 << 20).ToString();
        settings["Nurture:ClickHouse:Url"] = $"http://127.0.0.1:{TestEnvironment.FreePort()}";
    }
}

public sealed class SpoolFullTests(TinySpoolApp app) : IClassFixture<TinySpoolApp>
{
    [Fact]
    public async Task FullSpool_Answers503WithRetryAfter_PixelStillAnswersGif_AndReadyzSaysUnready()
    {
        var title = new string('t', 2000);
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var batch = Enumerable.Range(0, 25).Select(j => app.Event("filler", eventId: $"{i}-{j}", extra: new { title })).ToArray();
            var response = await app.CreateClient().PostAsJsonAsync("/collect", batch);
            if ((int)response.StatusCode == 503) refused = response;
            else Assert.Equal(202, (int)response.StatusCode);
        }
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var pixel = await app.CreateClient().GetAsync($"/t.gif?siteKey={app.SiteKey}&visitorId=v&type=page_view");
        Assert.Equal(200, (int)pixel.StatusCode);
        Assert.Equal("image/gif", pixel.Content.Headers.ContentType?.MediaType);

        using var ready = await app.CreateClient().GetAsync("/readyz");
        Assert.Equal(503, (int)ready.StatusCode);
        var metrics = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("nurture_events_rejected_total{reason=\"spool_full\"}", metrics);
        Assert.Contains("nurture_pixel_dropped_total{reason=\"spool_full\"}", metrics);
    }
}
