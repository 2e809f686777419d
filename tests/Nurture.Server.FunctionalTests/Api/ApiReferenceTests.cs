using System.Text.RegularExpressions;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Api;

/// <summary>The browsable API reference: served by the node itself, from its own assets, over the OpenAPI document.</summary>
[Collection(SharedHost.Name)]
public sealed partial class ApiReferenceTests(NurtureApp app)
{
    [Fact]
    public async Task Reference_IsServedWithItsScriptsFromThisServer_AndReadsTheOpenApiDocument()
    {
        var client = app.CreateClient();
        using var page = await client.GetAsync("/scalar/v1");
        Assert.Equal(200, (int)page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

        var scripts = ScriptSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.False(src.StartsWith("http", StringComparison.OrdinalIgnoreCase), $"{src} is fetched from elsewhere"));
        foreach (var src in scripts)
        {
            using var script = await client.GetAsync(new Uri(new Uri("http://localhost/scalar/v1"), src));
            Assert.Equal(200, (int)script.StatusCode);
        }
        Assert.True(html.Contains("openapi/v1.json", StringComparison.Ordinal), html);
        using var document = await client.GetAsync("/openapi/v1.json");
        Assert.Contains("\"/api/leads/{id}\"", await document.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSources();
}
