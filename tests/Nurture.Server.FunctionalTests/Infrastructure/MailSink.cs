using MimeKit;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>Reads what the real SMTP sink (aiosmtpd, Maildir) received.</summary>
public static class MailSink
{
    public static IReadOnlyList<MimeMessage> WithMessageId(string messageId) => All().Where(m => m.MessageId == messageId).ToList();

    public static IReadOnlyList<MimeMessage> To(string address) => All().Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();

    /// <summary>Waits until at least this many messages to the address arrived; answers them all.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForAllAsync(string address, int count, TimeSpan? timeout = null)
    {
        var messages = await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(To(address)), m => m.Count >= count, timeout ?? TimeSpan.FromSeconds(20));
        if (messages.Count < count) throw new TimeoutException($"{messages.Count} of {count} messages to {address} arrived");
        return messages;
    }

    private static IEnumerable<MimeMessage> All() =>
        Directory.Exists(Path.Combine(TestEnvironment.MailDirectory, "new"))
            ? Directory.GetFiles(Path.Combine(TestEnvironment.MailDirectory, "new"))
                .Select(path => { try { return MimeMessage.Load(path); } catch (IOException) { return null; } })
                .Where(m => m is not null).Select(m => m!)
            : [];

    public static async Task<MimeMessage> WaitForAsync(Guid sendId, TimeSpan? timeout = null)
    {
        var id = $"{sendId:N}@nurture";
        var messages = await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(WithMessageId(id)), m => m.Count > 0, timeout ?? TimeSpan.FromSeconds(20));
        return Assert.Single(messages);
    }
}
