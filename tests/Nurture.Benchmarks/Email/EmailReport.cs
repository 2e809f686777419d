using System.Globalization;
using System.Text;

namespace Nurture.Benchmarks.Email;

/// <summary>The Markdown section of BENCHMARKS.md for an `email` run.</summary>
public static class EmailReport
{
    public static string Render(EmailBenchOptions options, EmailResults r)
    {
        var text = new StringBuilder();
        Line(text, $"Run {r.StartedAt:yyyy-MM-dd HH:mm} UTC. Command: `{options.CommandLine}`");
        Line(text, $"Machine: {r.Machine.Describe()}.");
        Line(text, "");
        Line(text, "| Measure | Result | Same-run baseline | Ratio |");
        Line(text, "| --- | --- | --- | --- |");
        if (r.Baseline is { } baseline)
            Line(text, $"| SMTP sender alone (the server's `SmtpEmailSender`, one caller so one connection, unpaced, no outbox) | {baseline.PerSecond:N0} messages/s ({baseline.Messages:N0} in {baseline.Took.TotalSeconds:0.0} s) |  |  |");
        if (r.Unpaced is { } unpaced)
        {
            var e2e = unpaced.EndToEnd;
            Line(text, $"| **Outbox → SMTP sink**, unpaced (`MaxPerSecond` 10,000), end to end: API queues (render, sign links, insert), outbox checks suppression and frequency, sends, marks sent | {e2e.PerSecond:N0} messages/s ({e2e.Messages:N0} in {e2e.Took.TotalSeconds:0.0} s, first request → last in the sink; the API took {unpaced.Queueing.TotalSeconds:0.0} s to queue them, {e2e.Messages / unpaced.Queueing.TotalSeconds:N0}/s) | sender alone {r.Baseline?.PerSecond:N0}/s | {Ratio(e2e, r.Baseline)} |");
            Line(text, $"| Outbox drain after the API finished queueing | {Drain(unpaced.Drain)} | sender alone {r.Baseline?.PerSecond:N0}/s | {(unpaced.Drain.Messages >= 100 ? Ratio(unpaced.Drain, r.Baseline) : "")} |");
            Line(text, $"| Server CPU per email (queue + send) | {unpaced.CpuSeconds * 1e6 / Math.Max(1, e2e.Messages):N0} µs |  |  |");
        }
        if (r.Paced is { } paced)
            Line(text, $"| Paced at `Nurture:Smtp:MaxPerSecond` = {options.PacedRate:0.#}, end to end | {paced.EndToEnd.PerSecond:0.0} messages/s ({paced.EndToEnd.Messages:N0} in {paced.EndToEnd.Took.TotalSeconds:0.0} s) | configured {options.PacedRate:0.#}/s | {paced.EndToEnd.PerSecond / options.PacedRate:0.00}× |");
        Line(text, $"| Every queued email in the sink, once | {(r.AllDelivered ? "yes" : "**NO**")} |  |  |");
        return text.ToString();
    }

    private static string Ratio(SendRate rate, SendRate? baseline) => baseline is null ? "" : $"{rate.PerSecond / baseline.PerSecond:0.00}×";

    private static string Drain(SendRate drain) => drain.Messages < 100
        ? $"{drain.Messages:N0} left unsent when queueing ended: the outbox kept pace with the API"
        : string.Create(CultureInfo.InvariantCulture, $"{drain.PerSecond:N0} messages/s ({drain.Messages:N0} left when queueing ended, sent in {drain.Took.TotalSeconds:0.0} s)");

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    private static void Line(StringBuilder text, string line) => text.AppendLine(line);
}
