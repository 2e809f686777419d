using System.Diagnostics;
using Nurture.Benchmarks.Baseline;
using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// The bare Kestrel baseline (this program's `baseline-kestrel` command) in a child process, with
/// server GC like the Nurture server (the Web SDK turns it on there), so only our work differs.
/// </summary>
public sealed class KestrelBaselineProcess : IDisposable
{
    private readonly ChildProcess process;

    private KestrelBaselineProcess(ChildProcess process, Uri url)
    {
        this.process = process;
        PixelUrl = url;
    }

    public Uri PixelUrl { get; }

    public static async Task<KestrelBaselineProcess> StartAsync(string runDirectory)
    {
        var port = FreePorts.Next();
        var dll = typeof(KestrelBaseline).Assembly.Location;
        var child = ChildProcess.Start("dotnet", [dll, "baseline-kestrel", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            AppContext.BaseDirectory, new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }, Path.Combine(runDirectory, "baseline-kestrel.log"));
        var baseline = new KestrelBaselineProcess(child, new Uri($"http://127.0.0.1:{port}/t.gif"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (child.HasExited) break;
            try
            {
                using var response = await http.GetAsync(baseline.PixelUrl);
                if (response.IsSuccessStatusCode) return baseline;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        baseline.Dispose();
        throw new InvalidOperationException($"the Kestrel baseline did not start:\n{child.LogTail()}");
    }

    public void Dispose() => process.Dispose();
}
