using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nurture.Email.Sending;

namespace Nurture.Benchmarks.Email;

public sealed record SendRate(int Messages, TimeSpan Took)
{
    public double PerSecond => Messages / Took.TotalSeconds;
}

/// <summary>
/// The ceiling of this machine and sink: the server's own SMTP sender (the same MIME building and one
/// reused connection), unpaced, fed the same messages back to back with no outbox, no database, no
/// rules. Counted until the sink has written the last one.
/// </summary>
public static class SmtpSenderBaseline
{
    public static async Task<SendRate> RunAsync(SmtpSinkProcess sink, int messages, string html, string text)
    {
        var options = Options.Create(new SmtpOptions { Port = sink.Port, MaxPerSecond = 10_000 });
        await using var sender = new SmtpEmailSender(options, TimeProvider.System, NullLogger<SmtpEmailSender>.Instance);
        var before = sink.Delivered;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var email = new OutgoingEmail(Guid.NewGuid(), $"baseline{i}@bench.example", $"Baseline {i}", html, text, "http://127.0.0.1/u/x");
            var result = await sender.SendAsync(email, CancellationToken.None);
            if (result.Outcome != SendOutcome.Sent) throw new InvalidOperationException($"the baseline send {i} failed: {result.Error}");
        }
        if (await sink.WaitForAsync(before + messages, TimeSpan.FromSeconds(60)) is null)
            throw new TimeoutException($"the sink holds {sink.Delivered - before} of the baseline's {messages} messages after a minute");
        return new SendRate(messages, clock.Elapsed);
    }
}
