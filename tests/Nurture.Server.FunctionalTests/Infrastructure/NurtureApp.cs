using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The real host in-process (ASP.NET Core + Orleans silo) on fresh PostgreSQL and ClickHouse databases
/// and its own spool folder. One per test class, or one per collection (<see cref="SharedHost"/>).
/// </summary>
public class NurtureApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "test_api_key_0123456789abcdef";

    public string PostgresConnection { get; private set; } = "";
    public ClickHouseProbe ClickHouse { get; private set; } = null!;
    public string SpoolDirectory { get; } = Path.Combine(Path.GetTempPath(), "nurture-test-" + Guid.NewGuid().ToString("N"));
    public string SiteKey { get; private set; } = "";
    public Guid SiteId { get; private set; }

    public async Task InitializeAsync()
    {
        PostgresConnection = await TestEnvironment.CreatePostgresDatabaseAsync(TestEnvironment.UniqueName("nt"));
        ClickHouse = new ClickHouseProbe(TestEnvironment.UniqueName("nt"));
        var site = await CreateSiteAsync("Test site", []);
        SiteKey = site.GetProperty("siteKey").GetString()!;
        SiteId = site.GetProperty("id").GetGuid();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(SpoolDirectory, recursive: true); } catch (IOException) { }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = PostgresConnection,
            ["Nurture:ApiKeys:0"] = ApiKey,
            ["Nurture:ClickHouse:Url"] = TestEnvironment.ClickHouseUrl,
            ["Nurture:ClickHouse:Database"] = ClickHouse.Database,
            ["Nurture:Spool:Directory"] = SpoolDirectory,
            ["Nurture:Cluster:ClusterId"] = "test-" + ClickHouse.Database,
            ["Nurture:Cluster:SiloPort"] = TestEnvironment.FreePort().ToString(),
            ["Nurture:Cluster:GatewayPort"] = TestEnvironment.FreePort().ToString(),
            ["Nurture:Smtp:Host"] = "127.0.0.1",
            ["Nurture:Smtp:Port"] = TestEnvironment.SmtpPort.ToString(),
            // Tests run at any hour: quiet hours get tests of their own.
            ["Nurture:Email:QuietHoursStart"] = "0",
            ["Nurture:Email:QuietHoursEnd"] = "0",
            // A test clicks as soon as the mail arrives: the link-scanner window has tests (on a moved clock) of its own.
            ["Nurture:Email:ScannerClickWindow"] = "00:00:00",
            // Likewise an open right after the send: the proxy-open window has a test of its own.
            ["Nurture:Email:ProxyOpenWindow"] = "00:00:00",
            // A second address templates may send from, besides the default sender.
            ["Nurture:Email:AllowedFromAddresses:0"] = "news@shop.example",
            // Erasure deletes from ClickHouse again shortly after, for rows still in a spool.
            ["Nurture:Privacy:RecheckAfter"] = "00:00:03",
            ["Nurture:Privacy:PollInterval"] = "00:00:01",
            // Every request comes from 127.0.0.1: the abuse limits have tests (and hosts) of their own.
            ["Nurture:Limits:ClientRequestsPerMinute"] = "0",
            ["Nurture:Limits:SiteRequestsPerMinute"] = "0",
            ["Nurture:Limits:EmailLinkRequestsPerMinute"] = "0",
            ["Nurture:Limits:SignInAttemptsPerMinute"] = "0",
            ["Nurture:Limits:EmailsPerVisitor"] = "0",
            ["Nurture:Limits:EmailsPerClient"] = "0",
        };
        Adjust(settings);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        // As deployed: Development changes framework defaults (bad request bodies throw there, for one).
        builder.UseEnvironment("Production");
    }

    /// <summary>Lets a derived fixture change settings, for example to make the spool tiny.</summary>
    protected virtual void Adjust(Dictionary<string, string?> settings)
    {
    }

    public HttpClient Api()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public async Task<JsonElement> CreateSiteAsync(string name, string[] origins)
    {
        using var response = await Api().PostAsJsonAsync("/api/sites", new { name, allowedOrigins = origins });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>POSTs a batch to /collect and answers the status and parsed body (as a browser when given its user agent: bots make no leads).</summary>
    public async Task<(int Status, JsonElement Body)> CollectAsync(object batch, string contentType = "application/json", string? userAgent = null)
    {
        var json = batch as string ?? JsonSerializer.Serialize(batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = new StringContent(json, System.Text.Encoding.UTF8, contentType) };
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        using var response = await CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    public object Event(string visitorId, string type = "page_view", string? url = "https://shop.example.com/", string? eventId = null, object? extra = null)
    {
        var e = new Dictionary<string, object?>
        {
            ["siteKey"] = SiteKey, ["visitorId"] = visitorId, ["type"] = type, ["url"] = url,
            ["eventId"] = eventId ?? Guid.NewGuid().ToString("N"),
        };
        if (extra is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject()) e[p.Name] = p.Value;
        }
        return e;
    }

    /// <summary>POSTs events to /collect as a browser would (not a bot, so they reach the lead) and expects 202.</summary>
    public async Task SendAsBrowserAsync(params object[] events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = JsonContent.Create(events) };
        request.Headers.UserAgent.ParseAdd(BrowserUserAgent);
        using var response = await CreateClient().SendAsync(request);
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"/collect answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public const string BrowserUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

    /// <summary>Sends a JSON body with any method and answers the status and parsed body (default when empty).</summary>
    public async Task<(int Status, JsonElement Body)> SendJsonAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await Api().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement parsed = default;
        if (text.Length > 0)
        {
            try { parsed = JsonDocument.Parse(text).RootElement.Clone(); } catch (JsonException) { }
        }
        return ((int)response.StatusCode, parsed);
    }

    /// <summary>
    /// Waits until every consumer of the events spool has caught up: each event acknowledged so far is in
    /// ClickHouse and in its lead, and what it changed has reached the observers (alerts, flows). The proof that
    /// the system looked, before a test says an event changed nothing.
    /// </summary>
    public async Task CaughtUpAsync()
    {
        using var client = CreateClient();
        var ready = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(client, "/readyz"), CaughtUp);
        if (!CaughtUp(ready)) throw new TimeoutException($"the spool's consumers did not catch up: {ready}");
    }

    private static bool CaughtUp(JsonElement ready) =>
        ready.ValueKind == JsonValueKind.Object && ready.GetProperty("spool").GetProperty("lag").EnumerateObject().All(c => c.Value.GetInt64() == 0);

    /// <summary>Waits until the lead with this email exists and satisfies the condition.</summary>
    public async Task<JsonElement> LeadByEmailAsync(string email, Func<JsonElement, bool>? until = null)
    {
        var api = Api();
        return await ClickHouseProbe.EventuallyAsync(async () =>
        {
            using var response = await api.GetAsync($"/api/leads?email={Uri.EscapeDataString(email)}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, lead => lead.ValueKind == JsonValueKind.Object && (until?.Invoke(lead) ?? true));
    }
}
