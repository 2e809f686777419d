using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Nurture.Benchmarks.Load;
using Nurture.Benchmarks.Results;
using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Email;

/// <summary>
/// `email`: sending throughput of the outbox to a local SMTP sink, against the server's own SMTP sender
/// alone in the same run, and the configured send-rate bound holding.
/// </summary>
public static class EmailCommand
{
    public static Task<int> RunAsync(string[] args) => BenchCommand.RunAsync("email", args, EmailBenchOptions.Parse, async options =>
    {
        var results = await RunAsync(options);
        var report = EmailReport.Render(options, results);
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.Record)
        {
            BenchmarksFile.ReplaceSection("email", "Email sending, latest run", report);
            Console.WriteLine($"recorded in {BenchmarksFile.PathInRepo}");
        }
        return results.AllDelivered ? 0 : 1;
    });

    private static async Task<EmailResults> RunAsync(EmailBenchOptions options)
    {
        var repoRoot = RepoRoot.Find();
        var runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var runDirectory = Path.Combine(repoRoot, ".data", "bench", "email-" + runId);
        Directory.CreateDirectory(runDirectory);
        var results = new EmailResults { Machine = MachineInfo.Read(), StartedAt = DateTimeOffset.UtcNow };
        Console.WriteLine($"email run {runId}: {results.Machine.Describe()}; logs in {runDirectory}");
        var databases = await BenchDatabases.CreateAsync("email_" + runId);
        try
        {
            using var sink = await SmtpSinkProcess.StartAsync(runDirectory);
            Step($"baseline: the server's SMTP sender alone, {options.Emails:N0} messages");
            results.Baseline = await SmtpSenderBaseline.RunAsync(sink, options.Emails, BenchNewsletter.RenderedHtml, BenchNewsletter.RenderedText);
            Console.WriteLine($"  {results.Baseline.PerSecond:N0} messages/s");

            List<Guid> leads;
            Step($"the server, unpaced: {options.Emails:N0} leads, each sent the newsletter through POST /api/leads/{{id}}/emails");
            using (var server = await StartServerAsync(repoRoot, databases, runDirectory, runId, "unpaced", sink.Port, maxPerSecond: 10_000))
            {
                await server.CallAsync(HttpMethod.Put, "/api/templates/bench-newsletter",
                    new { name = "Bench newsletter", subject = BenchNewsletter.Subject, html = BenchNewsletter.Html, text = BenchNewsletter.Text });
                leads = await CreateLeadsAsync(server, options.Emails);
                results.Unpaced = await SendAsync(server, sink, leads);
                Console.WriteLine($"  {results.Unpaced.EndToEnd.PerSecond:N0} messages/s end to end, drain {results.Unpaced.Drain.PerSecond:N0}/s");
            }

            var paced = leads.Take(options.PacedEmails).ToList();
            Step($"the server paced at {options.PacedRate} messages/s (Nurture:Smtp:MaxPerSecond): {paced.Count:N0} more emails");
            using (var server = await StartServerAsync(repoRoot, databases, runDirectory, runId, "paced", sink.Port, options.PacedRate))
            {
                results.Paced = await SendAsync(server, sink, paced);
                Console.WriteLine($"  {results.Paced.EndToEnd.PerSecond:N1} messages/s");
            }
            results.AllDelivered = sink.Delivered == options.Emails * 2 + paced.Count;
            results.Options = options;
            return results;
        }
        finally
        {
            if (options.Keep) Console.WriteLine($"kept: PostgreSQL database {databases.Name}, mail in {runDirectory}/mail");
            else await databases.DropAsync();
        }
    }

    private static Task<ServerUnderTest> StartServerAsync(string repoRoot, BenchDatabases databases, string runDirectory, string runId, string name, int smtpPort, double maxPerSecond) =>
        ServerUnderTest.StartAsync(repoRoot, databases, Path.Combine(runDirectory, name), $"{runId}-{name}", new Dictionary<string, string>
        {
            ["Nurture__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Nurture__Smtp__MaxPerSecond"] = maxPerSecond.ToString(CultureInfo.InvariantCulture),
            // Whatever the hour of the run: no quiet hours, and no cap in the way of the paced second email.
            ["Nurture__Email__QuietHoursStart"] = "0",
            ["Nurture__Email__QuietHoursEnd"] = "0",
        });

    private static async Task<List<Guid>> CreateLeadsAsync(ServerUnderTest server, int count)
    {
        var leads = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var created = await server.CallAsync(HttpMethod.Post, "/api/leads", new
            {
                traits = new Dictionary<string, string> { ["email"] = $"reader{i}@bench{i % 50}.example", ["first_name"] = $"Reader{i}", ["company"] = $"Bench {i % 50} Ltd" },
            });
            leads[i] = created.GetProperty("leadId").GetGuid();
        });
        return [.. leads];
    }

    /// <summary>
    /// Queues one email per lead as fast as the API takes them (8 at a time). The end-to-end rate runs
    /// from the first request to the last message in the sink; the drain rate only counts what was still
    /// unsent when the API had queued everything, so it is the outbox's own pace when it fell behind.
    /// </summary>
    private static async Task<SendPhase> SendAsync(ServerUnderTest server, SmtpSinkProcess sink, List<Guid> leads)
    {
        var before = sink.Delivered;
        var cpuBefore = server.Usage().CpuSeconds;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (lead, _) =>
            await server.CallAsync(HttpMethod.Post, $"/api/leads/{lead}/emails", new { templateId = "bench-newsletter" }));
        var queueing = clock.Elapsed;
        var unsentAtQueueEnd = leads.Count - (sink.Delivered - before);
        var waited = await sink.WaitForAsync(before + leads.Count, TimeSpan.FromMinutes(10));
        var took = clock.Elapsed;
        if (waited is null) Console.WriteLine($"  only {sink.Delivered - before} of {leads.Count} arrived within 10 minutes");
        return new SendPhase(new SendRate(sink.Delivered - before, took), queueing,
            new SendRate(unsentAtQueueEnd, took - queueing), server.Usage().CpuSeconds - cpuBefore);
    }

    private static void Step(string what) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {what}");
}
