using MimeKit;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>Reads what the real SMTP sink (aiosmtpd, Maildir) received.</summary>
public static class MailSink
{
    public static IReadOnlyList<MimeMessage> WithMessageId(string messageId) =>
        Directory.Exists(Path.Combine(TestEnvironment.MailDirectory, "new"))
            ? Directory.GetFiles(Path.Combine(TestEnvironment.MailDirectory, "new"))
                .Select(path => { try { return MimeMessage.Load(path); } catch (IOException) { return null; } })
                .Where(m => m is not null && m.MessageId == messageId).Select(m => m!).ToList()
            : [];

    public static async Task<MimeMessage> WaitForAsync(Guid sendId, TimeSpan? timeout = null)
    {
        var id = $"{sendId:N}@nurture";
        var messages = await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(WithMessageId(id)), m => m.Count > 0, timeout ?? TimeSpan.FromSeconds(20));
        return Assert.Single(messages);
    }
}
